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

export type JoinRefusal = 'DO_NOT_LINK' | 'APP_LIMIT';

/**
 * Whether `next` may join `group` (plus one more account on `extraApp`, the account being ingested when it has no
 * member yet) without breaking a do-not-link fact or the per-app account limit. A refusal means review, never merge.
 */
export function joinRefusal(group: LockedMember[], next: LockedMember, extraApp: string | null, maxAccountsPerApp: number): JoinRefusal | null {
  if (group.some((g) => g.avoid.has(next.id) || next.avoid.has(g.id))) return 'DO_NOT_LINK';
  const counts = new Map<string, number>();
  for (const member of [...group, next]) for (const [app, n] of member.apps) counts.set(app, (counts.get(app) ?? 0) + n);
  if (extraApp) counts.set(extraApp, (counts.get(extraApp) ?? 0) + 1);
  return [...counts.values()].some((n) => n > maxAccountsPerApp) ? 'APP_LIMIT' : null;
}
