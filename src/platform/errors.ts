import { GraphQLError } from 'graphql';

/** The platform's stable `extensions.code` values clients may branch on; each domain adds its own (*.errors.ts). */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  /** A member token whose member was merged into another: it acts for no one until the person signs in again. */
  MEMBER_MERGED = 'MEMBER_MERGED',
  RATE_LIMITED = 'RATE_LIMITED',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  TIMEOUT = 'TIMEOUT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * An expected failure whose message is safe to show to the caller: the server passes its code and message through
 * (any other error is masked). `code` is a platform ErrorCode or a domain's.
 */
export class AppError extends GraphQLError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

export const badInput = (message: string, field?: string): AppError =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});

export const notFound = (what: string): AppError => new AppError(ErrorCode.NOT_FOUND, `${what} was not found`);
