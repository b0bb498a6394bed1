import { badInput } from '../platform/errors';
import { requireApp } from './app.registry';
import { AccountInput, AccountRef } from './account.input';
import { AccountWrite } from './account.repository';
import { derivedKeys, derivedKind } from './identifier.derive';
import { nameInitials } from './matching.blocking';
import { hashIdentifier } from './identifier.hash';
import { maskIdentifier } from './identifier.mask';
import { normalizeIdentifier } from './identifier.normalize';
import { IdentifierKind } from './identifier.kind';
import { residentIdBirthDate } from './resident.id';

const MAX_IDENTIFIERS = 50;
const MAX_TEXT = 200;

/** Checks an account reference and returns it trimmed; unknown apps are UNKNOWN_APP, blank ids BAD_USER_INPUT. */
export function validateRef(ref: AccountRef): AccountRef {
  requireApp(ref.app);
  const externalId = ref.externalId.trim();
  if (!externalId) throw badInput('externalId must not be empty', 'externalId');
  if (externalId.length > 256) throw badInput('externalId must be at most 256 characters', 'externalId');
  return { app: ref.app, externalId };
}

function optionalText(value: string | null | undefined, field: string): string | null {
  const text = value?.trim();
  if (!text) return null;
  if (text.length > MAX_TEXT) throw badInput(`${field} must be at most ${MAX_TEXT} characters`, field);
  return text;
}

const inRange = (date: string): boolean => date <= new Date().toISOString().slice(0, 10) && date >= '1900-01-01';

function birthDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = match ? new Date(`${match[0]}T00:00:00Z`) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0]) {
    throw badInput(`birthDate must be a real date written YYYY-MM-DD, got "${value}"`, 'birthDate');
  }
  if (!inRange(match[0])) throw badInput('birthDate must be between 1900 and today', 'birthDate');
  return match[0];
}

/**
 * The birth date an account is matched on: the one the app gives, else the one a resident ID number it gives carries
 * (resident.id.ts), so that an account holding an ID number and no birth date is found by the birth-date blocks and
 * compared on its date. The ID number itself is kept only as a keyed hash; the date is stored as a given one is.
 */
export function accountBirthDate(given: string | null, identifiers: { kind: IdentifierKind; normalized: string }[]): string | null {
  if (given) return given;
  for (const { kind, normalized } of identifiers) {
    const date = kind === IdentifierKind.ID_DOCUMENT ? residentIdBirthDate(normalized) : null;
    if (date && inRange(date)) return date;
  }
  return null;
}

/** Validates and normalizes an account for storage; identifiers leave here only as hash and mask, with their derived keys (hash only). */
export function prepareAccount(input: AccountInput, hashKey: string): AccountWrite {
  const ref = validateRef(input);
  if (input.identifiers.length > MAX_IDENTIFIERS) throw badInput(`at most ${MAX_IDENTIFIERS} identifiers per account`, 'identifiers');
  const seen = new Map<string, AccountWrite['identifiers'][number]>();
  const normalizedIdentifiers: { kind: IdentifierKind; normalized: string }[] = [];
  for (const { kind, value, verified } of input.identifiers) {
    const normalized = normalizeIdentifier(kind, value);
    normalizedIdentifiers.push({ kind, normalized });
    const hash = hashIdentifier(hashKey, kind, normalized);
    const twice = seen.get(hash)?.verified === true;
    seen.set(hash, { kind, hash, masked: maskIdentifier(kind, normalized), ...(verified === true || twice ? { verified: true } : {}) });
    for (const derived of derivedKeys(kind, normalized)) {
      const derivedHash = hashIdentifier(hashKey, derivedKind(kind), derived);
      // A derived key of a verified identifier is marked so: two accounts one typo apart that each verified their own
      // number hold two real numbers, not one mistyped (matching.levels.ts identifierLevel).
      const keyVerified = verified === true || seen.get(derivedHash)?.verified === true;
      seen.set(derivedHash, { kind: derivedKind(kind), hash: derivedHash, masked: '', ...(keyVerified ? { verified: true } : {}) });
    }
  }
  const displayName = optionalText(input.displayName, 'displayName');
  return {
    ...ref,
    displayName,
    nameInitials: nameInitials(displayName),
    birthDate: accountBirthDate(birthDate(input.birthDate), normalizedIdentifiers),
    city: optionalText(input.city, 'city'),
    identifiers: [...seen.values()].sort((x, y) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0)),
  };
}
