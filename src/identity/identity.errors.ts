/** The identity domain's `extensions.code` values, beside the platform's (platform/errors.ts). */
export enum IdentityErrorCode {
  /** An app code that is not in the registry (the message lists the valid ones). */
  UNKNOWN_APP = 'UNKNOWN_APP',
  /** An identifier that cannot be normalized: a phone that is not a phone, ... */
  INVALID_IDENTIFIER = 'INVALID_IDENTIFIER',
  /** Identity changes after the offset asked for have expired (IDENTITY_CHANGES_RETENTION_DAYS); `extensions.resumeAfter` says where the feed goes on. */
  CHANGES_EXPIRED = 'CHANGES_EXPIRED',
}
