/** The member-operations steps a leaderboard ranks brands on. */
export enum MemberOpsMetric {
  RECRUITMENT = 'RECRUITMENT',
  FIRST_PURCHASE = 'FIRST_PURCHASE',
  REPURCHASE = 'REPURCHASE',
  PROPAGATION = 'PROPAGATION',
}

/** Events that spread a brand (PROPAGATION). */
export const PROPAGATION_EVENTS = ['SHARE', 'REVIEW', 'REFERRAL'] as const;

export interface Scored {
  id: string;
  name: string;
  value: number;
}

/**
 * Ranks by value, highest first, with standard competition ranking: equal values share a rank and the next rank
 * skips (1, 2, 2, 4). Within a rank, entries are ordered by name, then id, so the order and the cut at `first` are
 * the same on every run.
 */
export function rank<T extends Scored>(entries: readonly T[], first: number): (T & { rank: number })[] {
  const sorted = [...entries].sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let rankOf = 0;
  return sorted.slice(0, first).map((entry, i) => {
    if (i === 0 || entry.value !== sorted[i - 1].value) rankOf = i + 1;
    return { ...entry, rank: rankOf };
  });
}
