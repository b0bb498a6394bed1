import { GraphQLError } from 'graphql';

/** The stable `extensions.code` values clients may branch on. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  RATE_LIMITED = 'RATE_LIMITED',
  UNKNOWN_APP = 'UNKNOWN_APP',
  UNKNOWN_PROGRAM = 'UNKNOWN_PROGRAM',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  INVITATION_REQUIRED = 'INVITATION_REQUIRED',
  LIMIT_REACHED = 'LIMIT_REACHED',
  INVALID_IDENTIFIER = 'INVALID_IDENTIFIER',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  TIMEOUT = 'TIMEOUT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** An expected failure whose message is safe to show to the caller. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

export const badInput = (message: string, field?: string): AppError =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});

export const notFound = (what: string): AppError => new AppError(ErrorCode.NOT_FOUND, `${what} was not found`);
