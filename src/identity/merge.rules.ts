import { DERIVED_SUFFIX } from './matching.levels';

/** What merging decisions need to know of a member (read while it is write-locked). */
export interface LockedMember {
  id: string;
  createdAt: Date;
  apps: Map<string, number>;
  accounts: number;
  avoid: Set<string>;
}

/** The member that survives a merge: the one with most accounts, then the oldest, then the smallest id. */
export function chooseSurvivor<M extends LockedMember>(members: M[]): M {
  return [...members].sort(
    (a, b) => b.accounts - a.accounts || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
  )[0];
}

export type JoinRefusal = 'DO_NOT_LINK' | 'APP_LIMIT' | 'UNVERIFIED_BRIDGE';

/**
 * Whether `next` may join `group` (plus one more account on `extraApp`, the account being ingested when it has no
 * member yet) without breaking a do-not-link fact or the per-app account limit. A refusal means review, never merge.
 * `verified`: whether the evidence reaching `next` includes an identifier the joining account verified (or the
 * member's own word, for a link): anything else may not join a second member to the group. An account's evidence
 * can bridge two existing members, and whoever brings a new account chooses that evidence: someone who types
 * another person's phone on sign-up must not be merged into that person, taking their profile with them.
 */
export function joinRefusal(group: LockedMember[], next: LockedMember, extraApp: string | null, maxAccountsPerApp: number, verified = true): JoinRefusal | null {
  if (group.length > 0 && !verified) return 'UNVERIFIED_BRIDGE';
  if (group.some((g) => g.avoid.has(next.id) || next.avoid.has(g.id))) return 'DO_NOT_LINK';
  const counts = new Map<string, number>();
  for (const member of [...group, next]) for (const [app, n] of member.apps) counts.set(app, (counts.get(app) ?? 0) + n);
  if (extraApp) counts.set(extraApp, (counts.get(extraApp) ?? 0) + 1);
  return [...counts.values()].some((n) => n > maxAccountsPerApp) ? 'APP_LIMIT' : null;
}

/**
 * Whether shared identifiers hold one the subject account verified (the app checked its holder controls it: an SMS
 * code, a payment credential, a confirmed mail) and that still counts as evidence: an exact identifier, not a
 * typo-tolerant derived key, carried by at most `identifierMaxAccounts` accounts.
 */
export function sharesVerified(shared: readonly { kind: string; accounts: number; verified?: boolean }[], identifierMaxAccounts: number): boolean {
  return shared.some((s) => s.verified === true && !s.kind.endsWith(DERIVED_SUFFIX) && s.accounts <= identifierMaxAccounts);
}

/**
 * The order in which an account joins the members it links to: those it reaches through a verified identifier
 * first (stable otherwise), so that the member it joins without verified evidence, if any, is the only one.
 */
export function verifiedFirst<T>(links: T[], verified: (link: T) => boolean): T[] {
  return [...links.filter(verified), ...links.filter((l) => !verified(l))];
}
