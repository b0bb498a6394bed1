import { invalidTag } from './analytics.errors';

/** Tag names: lower-case letters, digits and `.:_-`, starting with a letter or digit, at most 64 characters. */
const TAG_NAME = /^[a-z0-9][a-z0-9.:_-]{0,63}$/;

/** Derived tags with a fixed name, set only by the derivation (tag.derive.ts). */
export const DERIVED_TAGS = { VIP88: '88vip', PRICE_SENSITIVE: 'price-sensitive', RECURRING_BUYER: 'recurring-buyer', LUXURY_BUYER: 'luxury-buyer' } as const;
/** Families of derived tags: `region:hangzhou`, `age:25-34`, `app:eleme`. */
export const DERIVED_PREFIXES = ['region:', 'age:', 'app:'] as const;

/** The most tags one tagMember call may add. */
export const MAX_TAGS_PER_CALL = 50;

/** Whether a tag is derived from the graph (and so never set by hand). */
export function isDerivedTag(name: string): boolean {
  return (Object.values(DERIVED_TAGS) as string[]).includes(name) || DERIVED_PREFIXES.some((p) => name.startsWith(p));
}

/** A tag name as stored: trimmed and lower-cased; throws INVALID_TAG when malformed. */
export function normalizeTag(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (!TAG_NAME.test(name)) throw invalidTag(raw, 'use 1 to 64 lower-case letters, digits and . : _ -, starting with a letter or digit');
  return name;
}

/** Tags an analyst may set by hand: well-formed, not derived, de-duplicated in order. */
export function manualTags(raw: readonly string[]): string[] {
  if (raw.length === 0) throw invalidTag('', 'give at least one tag');
  if (raw.length > MAX_TAGS_PER_CALL) throw invalidTag(raw[0], `at most ${MAX_TAGS_PER_CALL} tags per call`);
  const names = raw.map(normalizeTag);
  for (const name of names) if (isDerivedTag(name)) throw invalidTag(name, 'this tag is derived from the graph (tag.rules.ts) and cannot be set by hand');
  return [...new Set(names)];
}

/** What the derivation reads of one member. */
export interface MemberFacts {
  /** App codes of its linked accounts. */
  apps: string[];
  /** Cities and birth dates (YYYY-MM-DD) its accounts give, one entry per account that gives one. */
  cities: string[];
  birthDates: string[];
  /** When its 88VIP membership ends, if it has one. */
  vip88Until: Date | null;
  /** Its purchases in the year before `now`, across all linked accounts. */
  purchases: { at: Date; amount: number; luxury: boolean }[];
}

/** A member buys at this price or below on average, over at least PRICE_SENSITIVE_MIN_PURCHASES: price-sensitive. */
export const PRICE_SENSITIVE_MAX_AVERAGE = 100;
export const PRICE_SENSITIVE_MIN_PURCHASES = 3;
/** Purchases in at least this many distinct calendar months (UTC+8) of the year: a recurring buyer. */
export const RECURRING_MIN_MONTHS = 3;
const AGE_BANDS: readonly [number, string][] = [
  [18, 'under-18'],
  [25, '18-24'],
  [35, '25-34'],
  [45, '35-44'],
  [55, '45-54'],
  [65, '55-64'],
  [Infinity, '65-plus'],
];

/** The most frequent value, ties broken alphabetically; null for none. */
function mode(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
}

/** Age in whole years at `now` of someone born on `birthDate` (YYYY-MM-DD), or null when it is not a date. */
export function ageAt(birthDate: string, now: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < mo || (now.getUTCMonth() + 1 === mo && now.getUTCDate() < d)) age -= 1;
  return age >= 0 && age < 130 ? age : null;
}

const slug = (text: string): string =>
  text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);

/**
 * The derived tags of a member at `now`:
 * - `88vip`: an 88VIP membership that has not ended;
 * - `region:<city>`: the city most of its accounts give (ties alphabetical), as a slug;
 * - `age:<band>`: from the birth date most of its accounts give: under-18, 18-24, 25-34, 35-44, 45-54, 55-64, 65-plus;
 * - `app:<code>`: one per app it has a linked account on;
 * - `recurring-buyer`: purchases in at least 3 distinct calendar months (UTC+8) of the last year;
 * - `price-sensitive`: at least 3 purchases in the last year, averaging at most 100 RMB;
 * - `luxury-buyer`: a purchase from a luxury brand in the last year.
 * Sorted, so a member's tags compare as lists.
 */
export function deriveTags(facts: MemberFacts, now: Date): string[] {
  const tags = new Set<string>();
  if (facts.vip88Until && facts.vip88Until.getTime() > now.getTime()) tags.add(DERIVED_TAGS.VIP88);
  const city = mode(facts.cities.filter((c) => slug(c).length > 0).map(slug));
  if (city) tags.add(`region:${city}`);
  const birthDate = mode(facts.birthDates);
  const age = birthDate ? ageAt(birthDate, now) : null;
  if (age !== null) tags.add(`age:${AGE_BANDS.find(([below]) => age < below)![1]}`);
  for (const app of facts.apps) tags.add(`app:${app.toLowerCase()}`);
  const yearAgo = now.getTime() - 365 * 86_400_000;
  const recent = facts.purchases.filter((p) => p.at.getTime() > yearAgo && p.at.getTime() <= now.getTime());
  const months = new Set(recent.map((p) => new Date(p.at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7)));
  if (months.size >= RECURRING_MIN_MONTHS) tags.add(DERIVED_TAGS.RECURRING_BUYER);
  if (recent.length >= PRICE_SENSITIVE_MIN_PURCHASES && recent.reduce((s, p) => s + p.amount, 0) / recent.length <= PRICE_SENSITIVE_MAX_AVERAGE) {
    tags.add(DERIVED_TAGS.PRICE_SENSITIVE);
  }
  if (recent.some((p) => p.luxury)) tags.add(DERIVED_TAGS.LUXURY_BUYER);
  return [...tags].sort();
}
