/** Codes of refusals made at the HTTP layer, before any operation runs; stable for clients like ErrorCode. */
export type HttpErrorCode =
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BATCH_LIMIT'
  | 'PERSISTED_QUERY_HASH_MISMATCH'
  | 'COST_LIMIT'
  | 'REQUEST_COST_LIMIT'
  | 'RESPONSE_TOO_LARGE'
  | 'SERVER_BUSY';

/** A refusal of the whole HTTP request, answered as `{ errors: [{ message, extensions: { code } }] }`. */
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
