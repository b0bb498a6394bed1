import { registerEnumType } from 'type-graphql';
import { ConfigError, Env } from '../platform/config';

/** What a link may be used for; every reader of linked accounts asks for the purpose it serves. */
export enum ConsentPurpose {
  BENEFITS = 'BENEFITS',
  RECOMMENDATIONS = 'RECOMMENDATIONS',
  ANALYTICS = 'ANALYTICS',
  MARKETING = 'MARKETING',
}
registerEnumType(ConsentPurpose, {
  name: 'ConsentPurpose',
  description: 'A use of a link its consent covers: benefit eligibility, recommendations, analytics counts, marketing.',
});

export const CONSENT_PURPOSES = Object.values(ConsentPurpose);

/** Purposes in one canonical order, without repeats, so equal sets are stored equally. */
export function canonicalPurposes(purposes: readonly ConsentPurpose[]): ConsentPurpose[] {
  return CONSENT_PURPOSES.filter((p) => purposes.includes(p));
}

/**
 * LINK_DEFAULT_PURPOSES: the purposes an automatic (matched) link gets, and a user-asserted link when the request names
 * none. Comma-separated; `none` for links that serve nothing until their owner consents.
 */
export function defaultPurposes(env: Env): ConsentPurpose[] {
  const raw = env.LINK_DEFAULT_PURPOSES?.trim();
  if (raw === undefined || raw === '') return [ConsentPurpose.BENEFITS, ConsentPurpose.RECOMMENDATIONS, ConsentPurpose.ANALYTICS];
  if (raw.toLowerCase() === 'none') return [];
  const names = raw.split(',').map((x) => x.trim().toUpperCase());
  const unknown = names.filter((n) => !(CONSENT_PURPOSES as string[]).includes(n));
  if (unknown.length) throw new ConfigError(`LINK_DEFAULT_PURPOSES must list purposes of ${CONSENT_PURPOSES.join(', ')} (or none), got "${unknown.join(', ')}"`);
  return canonicalPurposes(names as ConsentPurpose[]);
}
