import { IdentifierKind } from './identifier.kind';

/** The kind derived keys of an identifier kind are stored under: sharing one makes that kind's comparison CLOSE. */
export const derivedKind = (kind: string): string => `${kind}~`;

/** The identifier kind a kind stands for: a derived key's kind is matching's internal, never shown (PHONE~ -> PHONE). */
export const baseKind = (kind: string): string => (kind.endsWith('~') ? kind.slice(0, -1) : kind);

/** The value with each character deleted in turn, distinct: one wrong, missing, extra or swapped character leaves two values sharing one. */
function deletions(value: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < value.length; i++) out.add(value.slice(0, i) + value.slice(i + 1));
  return [...out];
}

/**
 * Keys for typo-tolerant comparison of an identifier whose stored form is a keyed hash: computed here from the
 * normalized value, then hashed like identifiers, so the graph never holds the value. Two accounts sharing a derived
 * key but not the identifier compare CLOSE.
 * - PHONE: the national number with one digit deleted, for each digit (11 keys for a mainland mobile);
 * - ID_DOCUMENT: the number with one character deleted, for each character (18 keys);
 * - EMAIL: the address with the local part's dots and +tag removed (1 key).
 * Payment ids and device ids are copied by machines, not typed: none.
 */
export function derivedKeys(kind: IdentifierKind, normalized: string): string[] {
  switch (kind) {
    case IdentifierKind.PHONE:
      return deletions(normalized.startsWith('+86') ? normalized.slice(3) : normalized.replace(/^\+/, ''));
    case IdentifierKind.ID_DOCUMENT:
      return deletions(normalized);
    case IdentifierKind.EMAIL: {
      const at = normalized.lastIndexOf('@');
      return [normalized.slice(0, at).replace(/\+.*$/, '').replace(/\./g, '') + normalized.slice(at)];
    }
    case IdentifierKind.PAYMENT_ID:
    case IdentifierKind.DEVICE_ID:
      return [];
  }
}
