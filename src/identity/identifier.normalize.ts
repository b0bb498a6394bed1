import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError } from '../platform/errors';
import { IdentifierKind } from './identifier.kind';
import { IdentityErrorCode } from './identity.errors';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_LENGTH = 256;

function invalid(kind: IdentifierKind, why: string): AppError {
  return new AppError(IdentityErrorCode.INVALID_IDENTIFIER, `The ${kind} identifier is not valid: ${why}`, { field: 'identifiers', kind });
}

/**
 * The canonical form of an identifier, so that the same phone or email written differently hashes the same:
 * phones in E.164 (mainland China, +86, when no country code is given), emails trimmed and lower-cased,
 * other ids trimmed (ID documents also upper-cased: the check character X is written both ways).
 */
export function normalizeIdentifier(kind: IdentifierKind, raw: string): string {
  const value = raw.trim();
  if (!value) throw invalid(kind, 'it is empty');
  if (value.length > MAX_LENGTH) throw invalid(kind, `it is longer than ${MAX_LENGTH} characters`);
  switch (kind) {
    case IdentifierKind.PHONE: {
      const phone = parsePhoneNumberFromString(value, 'CN');
      if (!phone || !phone.isValid()) throw invalid(kind, 'expected a phone number such as 13812341234 or +8613812341234');
      return phone.number;
    }
    case IdentifierKind.EMAIL: {
      const email = value.toLowerCase();
      if (!EMAIL.test(email)) throw invalid(kind, 'expected an address such as name@example.com');
      return email;
    }
    case IdentifierKind.ID_DOCUMENT:
      return value.replace(/\s+/g, '').toUpperCase();
    case IdentifierKind.DEVICE_ID:
    case IdentifierKind.PAYMENT_ID:
      return value;
  }
}
