import { AccountInput } from '../identity/account.input';
import { prepareAccount } from '../identity/account.validate';
import { fetchRequest, planBatch } from '../identity/batch.matching';
import { MatchingConfig } from '../identity/identity.config';
import { MatchDecision } from '../identity/matching.rules';

/** The review queue a planned import leaves: accounts decided REVIEW, open reviews and their subjects, reviews settled by a later join. */
export interface PlannedQueue {
  decidedReview: number;
  openReviews: number;
  subjects: number;
  settled: number;
  /** Decided reviews by the levels of the account's best comparison (top first). */
  reviewsBy: [string, number][];
  /** Links joining an account to another person's, by the levels of the comparison they were decided on. */
  wrongLinksBy: [string, number][];
}

/** A comparison's levels, one word each, in rule order: PHONE:EXACT(v) NAME:MISSING … ("(v)": the subject verified it). */
function signature(hits: { rule: string; level: string }[], verifiedKinds: Set<string> = new Set()): string {
  return hits.filter((h) => h.level !== 'MISSING' || h.rule === 'NAME').map((h) => `${h.rule}:${h.level}${verifiedKinds.has(h.rule) ? '(v)' : ''}`).join(' ') || '(nothing compared)';
}

function tally(keys: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12);
}
import { GeneratedAccount } from './people.generate';

const BENCH_KEY = 'bench-quality-planned-key-0123456789';

/**
 * The import's own decisions without a database: the whole file planned as one batch into an empty graph
 * (planBatch, which decides as one-by-one ingest would, joins, merges, reviews and the bridge guard included). The
 * over-shared re-examination that follows each batch of a real import is not replayed. `everyIdentifierVerified`
 * marks every identifier verified, which is matching before only verified identifiers could bridge two members.
 * Returns each account's member, by index.
 */
export function plannedMembers(accounts: GeneratedAccount[], config: MatchingConfig, options: { everyIdentifierVerified: boolean }, queue?: (summary: PlannedQueue) => void): (index: number) => string {
  const writes = accounts.map((a) => {
    const input: AccountInput = options.everyIdentifierVerified ? { ...a.input, identifiers: a.input.identifiers.map((i) => ({ ...i, verified: true })) } : a.input;
    return prepareAccount(input, BENCH_KEY);
  });
  const graph = { identifiers: fetchRequest(writes, []).identifiers.map((i) => ({ hash: i.hash, kind: i.kind, degree: 0, carriers: [] })), blocks: [], accounts: [], members: [] };
  const { plan, outcomes } = planBatch(writes, [], graph, config);
  const memberOf = new Map(plan.accounts.map((a) => [`${a.app}\u0000${a.externalId}`, a.memberId ?? a.id]));
  const members = accounts.map((a) => memberOf.get(`${a.input.app}\u0000${a.input.externalId}`)!);
  const indexOfKey = new Map(accounts.map((a, i) => [`${a.input.app}\u0000${a.input.externalId}`, i]));
  const indexById = new Map(plan.accounts.map((a) => [a.id, indexOfKey.get(`${a.app}\u0000${a.externalId}`)!]));
  if (queue) {
    // Reviews whose two accounts the rest of the batch joined in one member are settled when the batch is written (batch-resolve-joined-reviews).
    const final = new Map(plan.accounts.map((a) => [a.id, a.memberId ?? a.id]));
    const open = plan.reviews.filter((r) => final.get(r.subjectId) !== final.get(r.candidateId));
    queue({
      decidedReview: outcomes.filter((o) => o.decision === MatchDecision.REVIEW).length,
      openReviews: open.length,
      subjects: new Set(open.map((r) => r.subjectId)).size,
      settled: plan.reviews.length - open.length,
      reviewsBy: tally(plan.reviews.filter((r, i, all) => all.findIndex((x) => x.subjectId === r.subjectId) === i).map((r) => signature(JSON.parse(r.hits) as { rule: string; level: string }[]))),
      wrongLinksBy: tally(
        plan.accounts.flatMap((a) => {
          if (!a.link?.evidence) return [];
          const evidence = JSON.parse(a.link.evidence) as { accountId: string; hits: { rule: string; level: string }[] };
          const index = indexById.get(a.id)!;
          const other = indexById.get(evidence.accountId);
          if (other === undefined || accounts[other].personId === accounts[index].personId) return [];
          return [signature(evidence.hits, new Set(accounts[index].input.identifiers.filter((i) => i.verified).map((i) => i.kind)))];
        }),
      ),
    });
  }
  return (index) => members[index];
}
