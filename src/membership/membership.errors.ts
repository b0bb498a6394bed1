/** The membership domain's `extensions.code` values, beside the platform's (platform/errors.ts). */
export enum MembershipErrorCode {
  UNKNOWN_PROGRAM = 'UNKNOWN_PROGRAM',
  /** Joining an invitation-only program without an invitation. */
  INVITATION_REQUIRED = 'INVITATION_REQUIRED',
  /** An invitation or redemption the member does not qualify for; `extensions.reasons` says why. */
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  /** A redemption past the benefit's limit for the period. */
  LIMIT_REACHED = 'LIMIT_REACHED',
}
