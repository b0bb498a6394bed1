/** Events by which a member passes a brand on to another member (the edges of the propagation graph). */
export const PASSED_ON_EVENTS = ['SHARE', 'REFERRAL'] as const;

/** The most members a propagation graph may hold before the question is refused as too expensive. */
export const MAX_PROPAGATION_MEMBERS = 500_000;

/** One member of a brand's propagation graph, as GDS scored it. */
export interface PropagationRow {
  memberId: string;
  community: number;
  score: number;
  reached: number;
}

export interface InfluencerOf {
  memberId: string;
  score: number;
  reached: number;
  communityId: string;
}

export interface CommunityOf {
  /** The smallest member id in the community: Louvain's own numbers change from run to run, member ids do not. */
  id: string;
  size: number;
  influencers: InfluencerOf[];
}

const byInfluence = (a: InfluencerOf, b: InfluencerOf) => b.score - a.score || b.reached - a.reached || (a.memberId < b.memberId ? -1 : 1);

/**
 * Groups scored members into communities, largest first (ties by id), each with its `perCommunity` most influential
 * members, and the `first` most influential members overall (PageRank, then members reached, then id).
 */
export function communitiesOf(rows: readonly PropagationRow[], first: number, perCommunity: number): { communities: CommunityOf[]; influencers: InfluencerOf[] } {
  const groups = new Map<number, PropagationRow[]>();
  for (const row of rows) {
    const group = groups.get(row.community);
    if (group) group.push(row);
    else groups.set(row.community, [row]);
  }
  const all: InfluencerOf[] = [];
  const communities: CommunityOf[] = [];
  for (const members of groups.values()) {
    const id = members.reduce((min, m) => (m.memberId < min ? m.memberId : min), members[0].memberId);
    const scored = members.map((m) => ({ memberId: m.memberId, score: m.score, reached: m.reached, communityId: id })).sort(byInfluence);
    all.push(...scored);
    communities.push({ id, size: members.length, influencers: scored.slice(0, perCommunity) });
  }
  communities.sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
  return { communities: communities.slice(0, first), influencers: all.sort(byInfluence).slice(0, first) };
}
