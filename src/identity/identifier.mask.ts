import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { IdentifierKind } from './identifier.kind';

const stars = (n: number): string => '*'.repeat(Math.max(n, 0));

/** Shows enough for a person to recognise their own identifier and no more: 138****1234, l***@example.com. */
export function maskIdentifier(kind: IdentifierKind, normalized: string): string {
  switch (kind) {
    case IdentifierKind.PHONE: {
      const national = parsePhoneNumberFromString(normalized)?.nationalNumber ?? normalized.replace(/\D/g, '');
      if (national.length <= 7) return stars(national.length - 2) + national.slice(-2);
      return national.slice(0, 3) + stars(national.length - 7) + national.slice(-4);
    }
    case IdentifierKind.EMAIL: {
      const at = normalized.lastIndexOf('@');
      return `${normalized[0]}***${normalized.slice(at)}`;
    }
    case IdentifierKind.ID_DOCUMENT:
    case IdentifierKind.DEVICE_ID:
    case IdentifierKind.PAYMENT_ID:
      return normalized.length <= 4 ? stars(normalized.length) : stars(Math.min(normalized.length - 4, 8)) + normalized.slice(-4);
  }
}
