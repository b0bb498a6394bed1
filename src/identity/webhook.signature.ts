import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-identity-signature';
export const TIMESTAMP_HEADER = 'x-identity-timestamp';

/**
 * The signature of a webhook body: HMAC-SHA256 under the partner's secret of `<timestamp>.<body>`, hex, prefixed
 * `sha256=`. The timestamp (Unix seconds, sent in its own header) is signed too, so a captured request cannot be
 * replayed later with a fresh timestamp.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a partner runs on receipt: the signature matches, and the timestamp is within `toleranceSeconds` of now. */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string, now = Date.now(), toleranceSeconds = 300): boolean {
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, seconds, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
