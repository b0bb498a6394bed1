import { AppError } from '../platform/errors';

/** Codes of the analytics domain (README, Errors). */
export enum AnalyticsErrorCode {
  /** The planner expects more work than ANALYTICS_MAX_ESTIMATED_ROWS, or it ran past ANALYTICS_QUERY_TIMEOUT_MS. */
  QUERY_TOO_EXPENSIVE = 'QUERY_TOO_EXPENSIVE',
  /** ANALYTICS_MAX_CONCURRENT questions are running and ANALYTICS_MAX_QUEUED waiting. */
  ANALYTICS_BUSY = 'ANALYTICS_BUSY',
  /** A segment expression that is not a well-formed tree of tags (extensions.path says where). */
  INVALID_SEGMENT = 'INVALID_SEGMENT',
  /** A tag name that is malformed, or one of the derived tags, which only the derivation may set. */
  INVALID_TAG = 'INVALID_TAG',
  /** Communities and influence need the Graph Data Science library, which this Neo4j has not loaded. */
  GDS_UNAVAILABLE = 'GDS_UNAVAILABLE',
}

export const tooExpensive = (what: string, details: Record<string, unknown>): AppError =>
  new AppError(AnalyticsErrorCode.QUERY_TOO_EXPENSIVE, `${what}; narrow it (a shorter window, a more selective segment, a smaller depth or limit)`, details);

export const invalidSegment = (path: string, message: string): AppError =>
  new AppError(AnalyticsErrorCode.INVALID_SEGMENT, `Invalid segment at ${path}: ${message}`, { path });

export const invalidTag = (tag: string, message: string): AppError =>
  new AppError(AnalyticsErrorCode.INVALID_TAG, `Invalid tag "${tag.slice(0, 80)}": ${message}`);
