import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { AccountInput } from '../identity/account.input';
import { IdentifierKind } from '../identity/identifier.kind';
import { Prng } from './prng';

/**
 * Noise in every field of an account, as real sign-up forms produce it: a mistyped or transposed digit in an ID
 * number or a phone, an email written with other dots, case or a +tag, day and month swapped, a nickname or the
 * name in the other order, a field left out, a city the person has moved to. The truth (whose account it is) does
 * not change. A noise level of 1 gives the rates below; 0 leaves the account as it is.
 */
export interface NoiseCounts {
  idDocument: number;
  phone: number;
  email: number;
  birthDate: number;
  name: number;
  city: number;
  missing: number;
}

export const emptyNoiseCounts = (): NoiseCounts => ({ idDocument: 0, phone: 0, email: 0, birthDate: 0, name: 0, city: 0, missing: 0 });

const RATES = { idDocument: 0.08, phone: 0.06, email: 0.1, birthDate: 0.06, name: 0.1, city: 0.08, missing: 0.06 };

/** Replaces one digit or swaps two neighbouring ones, at or after `from`. */
export function digitTypo(prng: Prng, value: string, from = 0): string {
  const positions = [...value].map((ch, i) => i).filter((i) => i >= from && /\d/.test(value[i]));
  if (!positions.length) return value;
  const i = prng.pick(positions);
  if (prng.chance(0.5) && i + 1 < value.length && /\d/.test(value[i + 1]) && value[i] !== value[i + 1]) {
    return value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2);
  }
  let digit = value[i];
  while (digit === value[i]) digit = String(prng.int(0, 9));
  return value.slice(0, i) + digit + value.slice(i + 1);
}

/** A phone with one digit wrong that is still a valid number (a form would refuse an invalid one). */
function phoneTypo(prng: Prng, phone: string): string {
  for (let attempt = 0; attempt < 10; attempt++) {
    const out = digitTypo(prng, phone, 3);
    if (out !== phone && isValidPhoneNumber(out, 'CN')) return out;
  }
  return phone;
}

function emailVariant(prng: Prng, email: string): string {
  const [local, domain] = email.split('@');
  const r = prng.next();
  if (r < 0.35) return `${local.includes('.') ? local.replace(/\./g, '') : local.slice(0, 2) + '.' + local.slice(2)}@${domain}`;
  if (r < 0.65) return `${local}+${prng.pick(['shop', 'news', 'app', 'vip'])}@${domain}`;
  return `${local[0].toUpperCase()}${local.slice(1)}@${domain.toUpperCase()}`;
}

/** Day and month swapped when both can be a month, otherwise one digit of the day or month mistyped. */
export function birthDateVariant(prng: Prng, date: string): string {
  const [y, m, d] = date.split('-');
  if (Number(d) <= 12 && d !== m && prng.chance(0.7)) return `${y}-${d}-${m}`;
  for (let attempt = 0; attempt < 10; attempt++) {
    const out = `${y}-${digitTypo(prng, `${m}-${d}`)}`;
    const parsed = new Date(`${out}T00:00:00Z`);
    if (out !== date && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === out) return out;
  }
  return date;
}

/** "Wang Weiming" as a friend writes it: "Xiao Wei", "Weiming", or "Weiming Wang". */
export function nickname(prng: Prng, name: string): string {
  const [surname, ...rest] = name.split(' ');
  const given = rest.join(' ');
  if (!given) return name;
  const r = prng.next();
  const syllable = given.match(/^[A-Z]?[a-z]*?(?:ng|n|[aeiou]+)(?=[^aeiou]|$)/i)?.[0] ?? given;
  if (r < 0.35) return `${prng.pick(['Xiao', 'A', 'Lao'])} ${syllable[0].toUpperCase()}${syllable.slice(1).toLowerCase()}`;
  if (r < 0.6) return given;
  return `${given} ${surname}`;
}

/**
 * Adds noise to one account's fields in place and counts what it changed. `cities` are the places a person may have
 * moved to. The noise draws from its own PRNG, so the people and accounts themselves are those of the noise-free set.
 */
export function addNoise(prng: Prng, input: AccountInput, level: number, cities: readonly string[], counts: NoiseCounts, typo: (prng: Prng, name: string) => string): void {
  if (level <= 0) return;
  const hit = (rate: number): boolean => prng.chance(Math.min(1, rate * level));
  input.identifiers = input.identifiers.map((identifier) => {
    const { kind, value } = identifier;
    if (kind === IdentifierKind.ID_DOCUMENT && hit(RATES.idDocument)) {
      counts.idDocument++;
      return { kind, value: digitTypo(prng, value) };
    }
    if (kind === IdentifierKind.PHONE && hit(RATES.phone)) {
      const out = phoneTypo(prng, value);
      if (out !== value) counts.phone++;
      return { kind, value: out };
    }
    if (kind === IdentifierKind.EMAIL && hit(RATES.email)) {
      counts.email++;
      return { kind, value: emailVariant(prng, value) };
    }
    return identifier;
  });
  if (input.birthDate && hit(RATES.birthDate)) {
    const out = birthDateVariant(prng, input.birthDate);
    if (out !== input.birthDate) counts.birthDate++;
    input.birthDate = out;
  }
  if (input.displayName && hit(RATES.name)) {
    counts.name++;
    input.displayName = prng.chance(0.6) ? nickname(prng, input.displayName) : typo(prng, input.displayName);
  }
  if (input.city && hit(RATES.city)) {
    counts.city++;
    const moved = cities.filter((c) => c !== input.city);
    input.city = prng.pick(moved);
  }
  if (hit(RATES.missing)) {
    const field = prng.pick(['displayName', 'birthDate', 'city'] as const);
    if (input[field]) {
      counts.missing++;
      delete input[field];
    }
  }
}
