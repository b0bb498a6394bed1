import { IdentityConfig, MatchingConfig } from './identity.config';
import { Tx } from '../platform/neo4j/database';
import { createMemberFor } from './account.repository';
import { MatchDecision } from './matching.rules';
import { Link, LinkMethod } from './link.type';
import { attachAccount } from './link.repository';
import { Candidate, CandidateSet, findCandidates } from './matching.repository';
import { LockedMember } from './merge.rules';
import { LockedMemberRow, lockMembers, mergeMembers } from './member.repository';
import { Member } from './member.type';
import { recordAuditEvent } from './audit.repository';
import { linkEvidence } from './link.evidence';
import { recordReview, resolveJoinedReviews } from './review.repository';
import { recordChange } from './change.outbox';
import { isDeterministic, MatchScore, positiveRules, PROFILE_RULES, ProfileFields, scoreMembers, settleNeighbours } from './matching.rules';
import { chooseSurvivor, joinRefusal, sharesVerified, verifiedFirst } from './merge.rules';

export interface MatchOutcome {
  /** The account's member after matching, as written. */
  member: Member;
  memberId: string;
  decision: MatchDecision;
  mergedMemberIds: string[];
  /** The account's link when matching wrote a new one; null when it kept the member it had. */
  link: Link | null;
}

export interface Scored {
  candidate: Candidate;
  score: MatchScore;
}

const LOCK_ROUNDS = 4;

/**
 * Finds the candidates of an account and write-locks their members; then reads the candidates again, because a
 * concurrent transaction may have merged one of them while we waited for its lock. Repeats until every member in
 * play is locked by us, so the decision below is taken on a graph no one else can change under it.
 */
async function lockedCandidates(tx: Tx, accountId: string, config: MatchingConfig, read: CandidateSet | null): Promise<{ set: CandidateSet; locked: Map<string, LockedMemberRow> }> {
  let set = read ?? (await findCandidates(tx, accountId, config));
  const locked = new Map<string, LockedMemberRow>();
  for (let round = 0; round < LOCK_ROUNDS; round++) {
    const inPlay = [set.ownMemberId, ...set.candidates.map((c) => c.memberId)].filter((id): id is string => Boolean(id));
    const missing = inPlay.filter((id) => !locked.has(id));
    if (!missing.length) break;
    for (const [id, member] of await lockMembers(tx, missing)) locked.set(id, member);
    set = await findCandidates(tx, accountId, config);
  }
  return { set, locked };
}

/**
 * The best-scoring candidate account of each other member, best first, skipping members a do-not-link fact rules out.
 * Each candidate is compared with its profile completed from its member's other accounts (withMemberProfile).
 */
export function bestPerMember(set: CandidateSet, config: MatchingConfig): Scored[] {
  const best = new Map<string, Scored>();
  for (const candidate of set.candidates) {
    if (candidate.forbidden || candidate.memberId === set.ownMemberId) continue;
    const score = scoreMembers(set.subject, candidate, candidate.memberProfiles ?? [], [], candidate.shared, config);
    const current = best.get(candidate.memberId);
    if (!current || score.matchWeight > current.score.matchWeight) best.set(candidate.memberId, { candidate, score });
  }
  // A stable sort: members that tie keep the order of their first candidate account by (app, externalId), as
  // match-candidates lists them, not the order of their random ids.
  return [...best.values()].sort((a, b) => b.score.matchWeight - a.score.matchWeight);
}

/**
 * The second comparison: once the account has joined members, the members it did not link are compared again with
 * the account completed from the joined members' accounts (scoreMembers); those that now score LINK are returned,
 * best first, as bestPerMember orders them.
 */
export function linkedAsMember(set: CandidateSet, joined: Scored[], passed: Set<string>, config: MatchingConfig): Scored[] {
  const group: ProfileFields[] = joined.flatMap((j) => [j.candidate, ...(j.candidate.memberProfiles ?? [])]);
  const best = new Map<string, Scored>();
  for (const candidate of set.candidates) {
    if (candidate.forbidden || candidate.memberId === set.ownMemberId || passed.has(candidate.memberId)) continue;
    const score = scoreMembers(set.subject, candidate, candidate.memberProfiles ?? [], group, candidate.shared, config);
    const current = best.get(candidate.memberId);
    if (!current || score.matchWeight > current.score.matchWeight) best.set(candidate.memberId, { candidate, score });
  }
  return [...best.values()].filter((s) => s.score.decision === MatchDecision.LINK).sort((a, b) => b.score.matchWeight - a.score.matchWeight);
}

/** Members the account reaches through an identifier it verified, through any of their accounts (sharesVerified). */
export function verifiedMembers(set: CandidateSet, identifierMaxAccounts: number): Set<string> {
  return new Set(set.candidates.filter((c) => !c.forbidden && sharesVerified(c.shared, identifierMaxAccounts)).map((c) => c.memberId));
}

const evidenceKinds = (scored: Scored[]): string[] =>
  [...new Set(scored.flatMap((s) => s.score.hits.filter((h) => h.weight > 0).map((h) => h.rule)))].sort();

/**
 * Matches a stored account against the graph inside the caller's transaction: links it to the member its evidence
 * points to, merges members it bridges, queues REVIEW candidates, or gives it a member of its own. `read`: its
 * candidates as just read in this transaction (ingest-account), which saves reading them before the locks.
 */
export async function matchAccount(tx: Tx, config: IdentityConfig, accountId: string, read: CandidateSet | null = null): Promise<MatchOutcome> {
  const matching = config.matching;
  const { set, locked } = await lockedCandidates(tx, accountId, matching, read);
  const own = set.ownMemberId ? locked.get(set.ownMemberId) ?? null : null;
  const subjectApp = own ? null : (set.subject as { app?: string }).app ?? null;
  const scored = settleNeighbours(bestPerMember(set, matching));

  const group: LockedMemberRow[] = own ? [own] : [];
  const joined: Scored[] = [];
  let reviews: Scored[] = scored.filter((s) => s.score.decision === MatchDecision.REVIEW);
  const verified = verifiedMembers(set, matching.identifierMaxAccounts);
  const join = (links: Scored[]): void => {
    for (const link of verifiedFirst(links, (l) => verified.has(l.candidate.memberId))) {
      const member = locked.get(link.candidate.memberId);
      if (!member) continue;
      if (joinRefusal(group, member, subjectApp, matching.maxAccountsPerApp, verified.has(member.id))) {
        reviews.push(link);
        continue;
      }
      group.push(member);
      joined.push(link);
    }
  };
  join(scored.filter((s) => s.score.decision === MatchDecision.LINK));
  if (joined.length) {
    const passed = new Set(scored.filter((s) => s.score.decision === MatchDecision.LINK).map((s) => s.candidate.memberId));
    const more = linkedAsMember(set, joined, passed, matching);
    const now = new Set(more.map((s) => s.candidate.memberId));
    reviews = reviews.filter((r) => !now.has(r.candidate.memberId));
    join(more);
  }
  for (const review of reviews) await recordReview(tx, accountId, review.candidate.accountId, review.score.score, review.score.hits);

  if (!group.length) {
    const { member, link } = await createMemberFor(tx, accountId, config.linkDefaultPurposes, config.identityChanges);
    return { member, memberId: member.id, decision: reviews.length ? MatchDecision.REVIEW : MatchDecision.NO_MATCH, mergedMemberIds: [], link };
  }

  const survivor = chooseSurvivor(group);
  const mergedMemberIds = group.filter((m) => m !== survivor).map((m) => m.id);
  let member = survivor.member;
  if (mergedMemberIds.length) {
    await recordChange(tx, config, { kind: 'MERGED', memberId: survivor.id, mergedMemberIds, fromMemberIds: mergedMemberIds });
    member = await mergeMembers(tx, survivor.id, mergedMemberIds);
    await recordAuditEvent(tx, {
      type: 'MERGE',
      rules: [...new Set(joined.flatMap((j) => positiveRules(j.score.hits)))].sort(),
      evidenceKinds: evidenceKinds(joined).filter((k) => !PROFILE_RULES.includes(k)),
      survivorId: survivor.id,
      memberIds: [survivor.id, ...mergedMemberIds],
      accountId,
      detail: `account ${accountId} bridged ${group.length} members`,
    });
  }
  let link: Link | null = null;
  if (!own) {
    const decisive = joined[0];
    const rules = positiveRules(decisive.score.hits);
    link = await attachAccount(tx, accountId, survivor.id, {
      method: isDeterministic(decisive.score.hits) ? LinkMethod.DETERMINISTIC : LinkMethod.PROBABILISTIC,
      confidence: decisive.score.score,
      rules,
      purposes: config.linkDefaultPurposes,
      evidence: linkEvidence(decisive.candidate.accountId, decisive.score),
    });
    await recordAuditEvent(tx, {
      type: 'LINK',
      rules,
      evidenceKinds: rules.filter((k) => !PROFILE_RULES.includes(k)),
      survivorId: survivor.id,
      memberIds: [survivor.id],
      accountId,
      detail: `account ${accountId} linked on its comparison with account ${decisive.candidate.accountId}`,
    });
    await recordChange(tx, config, { kind: 'LINKED', memberId: survivor.id, accountIds: [accountId] });
  }
  // A review left open between two accounts this link or merge has just joined in one member is settled by it.
  if (!own || mergedMemberIds.length) await resolveJoinedReviews(tx, survivor.id);
  const linked = joined.length > 0 || (own !== null && own.accounts > 1);
  return {
    member,
    memberId: survivor.id,
    decision: linked ? MatchDecision.LINK : reviews.length ? MatchDecision.REVIEW : MatchDecision.NO_MATCH,
    mergedMemberIds,
    link,
  };
}
