import { createHmac } from 'node:crypto';
import { IdentifierKind } from './identifier.kind';

/**
 * A keyed hash (HMAC-SHA256) of kind and normalized value. Without the key, a stolen graph cannot be reversed by
 * hashing every phone number; the kind is part of the input so equal strings of different kinds never collide.
 */
export function hashIdentifier(key: string, kind: IdentifierKind | string, normalized: string): string {
  return createHmac('sha256', key).update(`${kind}:${normalized}`).digest('base64url');
}
