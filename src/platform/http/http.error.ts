/**
 * Codes of refusals made by the server before (or instead of) running an operation, over HTTP and WebSocket alike;
 * stable for clients like ErrorCode.
 */
export const HTTP_ERROR_CODES = [
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'BATCH_LIMIT',
  'PERSISTED_QUERY_HASH_MISMATCH',
  'COST_LIMIT',
  'REQUEST_COST_LIMIT',
  'RESPONSE_TOO_LARGE',
  'SERVER_BUSY',
  'SUBSCRIPTIONS_ONLY',
] as const;

export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

/** A refusal of the whole request, answered as `{ errors: [{ message, extensions: { code } }] }` (over WebSocket: the operation's error). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
