import { AppError, ErrorCode, notFound } from '../platform/errors';
import { IdentityConfig } from './identity.config';
import { recordChange } from './change.outbox';
import { Database, Tx } from '../platform/neo4j/database';
import { forbidPair } from './link.repository';
import { LinkMethod } from './link.type';
import { attachAccount } from './link.repository';
import { lockMembers, mergeMembers } from './member.repository';
import { recordAuditEvent } from './audit.repository';
import { findAccountById } from './account.repository';
import { chooseSurvivor } from './merge.rules';
import { Connection, pageRequest, toConnection } from '../platform/connection';
import { ReviewCandidate, ReviewStatus, RuleHit } from './match.type';
import { countReviews, decideReview, REVIEWS_KEYSET, ReviewFilter, reviewsPage, StoredReview } from './review.repository';

/**
 * Decides an open review first in the transaction, under its lock: a second decision at once (another operator or
 * instance) waits for this one and gets CONFLICT, and a failure later rolls the decision back with the rest.
 */
async function decideOpenReview(tx: Tx, id: string, status: 'ACCEPTED' | 'REJECTED') {
  const review = await decideReview(tx, id, status);
  if (!review) throw notFound(`Review candidate ${id}`);
  if (!review.decided) throw new AppError(ErrorCode.CONFLICT, `Review candidate ${id} was already ${review.status.toLowerCase()}`);
  return review;
}

async function memberIdsOf(tx: Tx, review: { subjectId: string; candidateId: string }): Promise<string[]> {
  const subject = await findAccountById(tx, review.subjectId);
  const other = await findAccountById(tx, review.candidateId);
  return [subject?.memberId, other?.memberId].filter((x): x is string => Boolean(x));
}

/**
 * An operator accepts a queued match: the two accounts' members merge and the subject's link becomes MANUAL.
 * Operators may go past the per-app limit (the limit stops silent merges, and this one is a person's decision).
 * Returns the surviving member id.
 */
export function acceptReview(db: Database, config: IdentityConfig, id: string): Promise<string> {
  return db.write(async (tx) => {
    const review = await decideOpenReview(tx, id, 'ACCEPTED');
    const ids = await memberIdsOf(tx, review);
    const locked = await lockMembers(tx, ids);
    // Re-read after locking: a concurrent merge may have moved either account.
    const now = await memberIdsOf(tx, review);
    if (now.join() !== ids.join() || now.some((m) => !locked.has(m))) throw new AppError(ErrorCode.CONFLICT, 'The accounts changed while accepting; retry the request');
    const members = [...locked.values()];
    const survivor = chooseSurvivor(members);
    const merged = members.filter((m) => m !== survivor).map((m) => m.id);
    await recordChange(tx, config, { kind: 'MERGED', memberId: survivor.id, mergedMemberIds: merged, fromMemberIds: merged });
    await mergeMembers(tx, survivor.id, merged);
    await attachAccount(tx, review.subjectId, survivor.id, { method: LinkMethod.MANUAL, confidence: 1, rules: ['REVIEW_ACCEPTED'], purposes: null });
    await recordAuditEvent(tx, { type: 'REVIEW_ACCEPTED', rules: ['MANUAL'], survivorId: survivor.id, memberIds: [survivor.id, ...merged], accountId: review.subjectId });
    return survivor.id;
  }, 'acceptMatch');
}

/** A merge can move either account between reading its member and locking it; the pair is read again, a few times at most. */
const LOCK_ROUNDS = 3;

/**
 * An operator rejects a queued match: the pair is never queued or linked again by the same evidence. The two members
 * are locked and the accounts' members read again before the do-not-link facts are written, as linkInTx does: a merge
 * running at once either finishes first (the facts then name its survivor) or waits for the rejection (and carries
 * the facts along); unlocked, the facts could land on a member merged away meanwhile, where nothing reads them.
 */
export function rejectReview(db: Database, id: string, reason: string): Promise<void> {
  return db.write(async (tx) => {
    const review = await decideOpenReview(tx, id, 'REJECTED');
    const memberIds = await lockPairMembers(tx, review);
    await forbidPair(tx, review.subjectId, review.candidateId, reason.trim() || 'rejected in review');
    await recordAuditEvent(tx, { type: 'REVIEW_REJECTED', rules: ['MANUAL'], memberIds, accountId: review.subjectId });
  }, 'rejectMatch');
}

/** Write-locks the live members of a review's two accounts, and answers their ids as they are once locked. */
async function lockPairMembers(tx: Tx, review: { subjectId: string; candidateId: string }): Promise<string[]> {
  for (let round = 0; round < LOCK_ROUNDS; round++) {
    const ids = await memberIdsOf(tx, review);
    const locked = await lockMembers(tx, ids);
    const now = await memberIdsOf(tx, review);
    if (now.join() === ids.join() && now.every((m) => locked.has(m))) return now;
  }
  throw new AppError(ErrorCode.CONFLICT, 'The accounts kept changing while rejecting; retry the request');
}

/** A stored review as the API shows it (hits stored before comparison levels read as level null). */
export function toReviewCandidate(review: StoredReview): ReviewCandidate {
  const hits = (JSON.parse(review.hits) as Partial<RuleHit>[]).map((h) => ({ level: null, tfAdjustment: 0, ...h }) as RuleHit);
  return { ...review, status: review.status as ReviewStatus, account: review.subject, candidate: review.other, hits };
}

/** A page of the reviews connection (BAD_USER_INPUT for a bad `first` or `after`). */
export async function reviewConnection(db: Database, filter: ReviewFilter, first: number, after: string | null): Promise<Connection<ReviewCandidate>> {
  const request = pageRequest(REVIEWS_KEYSET, first, after);
  const rows = await reviewsPage(db, filter, request);
  return toConnection(REVIEWS_KEYSET, request, rows.map((row) => ({ node: toReviewCandidate(row.node), key: row.key })), () => countReviews(db, filter));
}
