/** The recommendation domain's `extensions.code` values, beside the platform's (platform/errors.ts). */
export enum RecommendationErrorCode {
  /** An event names an item that is not in the catalog. */
  UNKNOWN_ITEM = 'UNKNOWN_ITEM',
  /** A cross-app signal with an unknown app, a bad category name, or numbers out of range; the message says which. */
  INVALID_SIGNAL = 'INVALID_SIGNAL',
}
