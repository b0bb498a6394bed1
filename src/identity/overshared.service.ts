import { IdentityConfig } from './identity.config';
import { Database, Tx } from '../platform/neo4j/database';
import { logger } from '../platform/logger';
import { lockMembers } from './member.repository';
import { recordAuditEvent } from './audit.repository';
import { recordChange } from './change.outbox';
import { queueReview } from './review.repository';
import { MatchDecision, positiveRules } from './matching.rules';
import { baseKind } from './identifier.derive';
import { reexamineMember } from './overshared.rules';
import { markIdentifierReexamined, membersCarrying, pendingPage, readMemberAccounts, splitOffAccounts } from './overshared.repository';

/** What re-examining over-shared identifiers changed. */
export interface ReexamineOutcome {
  /** Over-shared identifiers whose links were re-examined (a shop phone's derived keys pass the limit with it). */
  identifiers: number;
  /** Members that held two or more carriers of one of them. */
  members: number;
  /** Groups of accounts split off into members of their own. */
  splits: number;
  accountsMoved: number;
  /** Groups kept with a review newly queued, because what remains still reaches the review threshold. */
  kept: number;
}

const empty = (): ReexamineOutcome => ({ identifiers: 0, members: 0, splits: 0, accountsMoved: 0, kept: 0 });

/** Members can be merged away between listing and locking them; their survivor is listed again, a few times at most. */
const ROUNDS = 3;

/**
 * One member, in its own transaction: locked, read again, its accounts scored against each other without the
 * identifier, and each part the identifier alone held either split off or kept, with a review queued and an audit
 * event. A second run finds nothing to split and the reviews already queued, so it changes nothing.
 * Returns what it changed (counted here, not in the caller's totals, since a managed transaction may run twice), or
 * null when the member is gone (merged away since it was listed).
 */
async function reexamineMemberInTx(tx: Tx, config: IdentityConfig, memberId: string, hash: string): Promise<ReexamineOutcome | null> {
  if (!(await lockMembers(tx, [memberId])).has(memberId)) return null;
  const outcome = { ...empty(), members: 1 };
  const accounts = await readMemberAccounts(tx, memberId);
  const identifier = accounts.flatMap((a) => a.identifiers).find((i) => i.hash === hash);
  if (!identifier) return outcome;
  const { parts } = reexamineMember(accounts, hash, config.matching);
  // A derived key is matching's internal: said as the identifier kind it stands for, a typo apart.
  const kind = baseKind(identifier.kind);
  const what = kind === identifier.kind ? `a ${kind}` : `${kind}s one typo apart (a typo-tolerant key)`;
  const why = `${what} now carried by ${identifier.accounts} accounts (more than ${config.matching.identifierMaxAccounts}) no longer counts`;
  let split = false;
  for (const part of parts) {
    const review = await queueReview(tx, part.subjectId, part.candidateId, part.score.score, part.score.hits);
    const rules = [kind, ...positiveRules(part.score.hits)];
    if (part.decision === MatchDecision.REVIEW) {
      if (!review.created) continue;
      outcome.kept++;
      await recordAuditEvent(tx, {
        type: 'OVER_SHARED_REVIEW',
        rules,
        evidenceKinds: [kind],
        memberIds: [memberId],
        accountId: part.subjectId,
        detail: `${why}; what remains scores ${part.score.score}: kept, review ${review.id} queued`,
      });
      continue;
    }
    const displayName = accounts.find((a) => a.id === part.subjectId)?.displayName ?? null;
    const newMemberId = await splitOffAccounts(tx, memberId, part.accountIds, displayName);
    outcome.splits++;
    outcome.accountsMoved += part.accountIds.length;
    await recordAuditEvent(tx, {
      type: 'OVER_SHARED_SPLIT',
      rules,
      evidenceKinds: [kind],
      survivorId: memberId,
      memberIds: [memberId, newMemberId],
      accountId: part.subjectId,
      detail: `${why}; what remains scores ${part.score.score}: ${part.accountIds.length} account(s) split off, review ${review.id} queued`,
    });
    await recordChange(tx, config, { kind: 'UNLINKED', memberId: newMemberId, accountIds: part.accountIds });
    split = true;
  }
  // Once, after every part has left: the accounts the member keeps.
  if (split) await recordChange(tx, config, { kind: 'SPLIT', memberId, fromMemberIds: [memberId] });
  return outcome;
}

/** Re-examines every member the identifier may have joined, then marks it done: an interrupted run is simply run again. */
async function reexamineIdentifier(db: Database, config: IdentityConfig, hash: string, outcome: ReexamineOutcome): Promise<void> {
  const done = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    const members = (await membersCarrying(db, hash)).filter((id) => !done.has(id));
    if (!members.length) break;
    for (const memberId of members) {
      const changed = await db.write((tx) => reexamineMemberInTx(tx, config, memberId, hash), 'reexamineOverShared');
      if (!changed) continue;
      done.add(memberId);
      for (const key of Object.keys(changed) as (keyof ReexamineOutcome)[]) outcome[key] += changed[key];
    }
  }
  await markIdentifierReexamined(db, hash);
  outcome.identifiers++;
}

/**
 * Re-examines these identifiers (hashes the caller knows are over the limit and not re-examined, e.g. from the
 * ingest statement that counted their degrees), with no read to find them.
 */
export async function reexamineIdentifiers(db: Database, config: IdentityConfig, hashes: string[]): Promise<ReexamineOutcome> {
  const outcome = empty();
  for (const hash of hashes) await reexamineIdentifier(db, config, hash, outcome);
  return outcome;
}

/**
 * The hook for ingest, after its transaction commits: re-examines the over-shared identifiers the ingest named (it
 * knew their degrees), as reexamineIdentifiers, but never fails the caller, whose write has committed; what fails
 * stays pending (no reexaminedAt) for the next ingest that touches it or `npm run identity:reexamine`. Nothing with
 * OVERSHARED_REEXAMINE_AFTER_INGEST=false (then `npm run identity:reexamine` does it on a schedule).
 */
export async function reexamineAfterIngest(db: Database, config: IdentityConfig, hashes: string[]): Promise<void> {
  if (!config.reexamineAfterIngest || !hashes.length) return;
  try {
    await reexamineIdentifiers(db, config, hashes);
  } catch (error) {
    logger.warn({ err: error }, 'over-shared identifiers left pending for a later re-examination');
  }
}

/**
 * `npm run identity:reexamine`: every identifier of the graph over IDENTIFIER_MAX_ACCOUNTS not re-examined yet, in
 * hash order, a page at a time. Resumable: what was done is marked, so a second run does only what the first left.
 */
export async function reexamineAllOverShared(
  db: Database,
  config: IdentityConfig,
  onProgress?: (scanned: number, outcome: ReexamineOutcome) => void,
  pageSize = 5_000,
): Promise<ReexamineOutcome> {
  const outcome = empty();
  let scanned = 0;
  for (let after = ''; ; ) {
    const { hashes, last } = await pendingPage(db, after, pageSize, config.matching.identifierMaxAccounts);
    if (last === null) return outcome;
    for (const hash of hashes) await reexamineIdentifier(db, config, hash, outcome);
    scanned += pageSize;
    onProgress?.(scanned, outcome);
    after = last;
  }
}
