import { randomUUID } from 'node:crypto';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Row, Tx } from '../platform/neo4j/database';
import { Keyed, Keyset, PageRequest } from '../platform/connection';
import { toAccount } from './account.repository';
import { Account } from './account.type';
import { RuleHit } from './matching.rules';

const recordReviewStatement = statement<Named<'subjectId' | 'candidateId' | 'pairKey' | 'id' | 'score' | 'hits'>>('identity/record-review', ['subjectId', 'candidateId', 'pairKey', 'id', 'score', 'hits']);
const reviewQueueStatement = statement<Named<'status' | 'first'>>('identity/review-queue', ['status', 'first']);
const reviewQueueForAccountStatement = statement<Named<'accountId' | 'status' | 'first'>>('identity/review-queue-for-account', ['accountId', 'status', 'first']);
const reviewsPageStatement = statement<Named<'status' | KeyParam>>('identity/reviews-page', ['status', 'score', 'createdAt', 'id', 'first']);
const reviewsPageEveryStatusStatement = statement<Named<KeyParam>>('identity/reviews-page-every-status', ['score', 'createdAt', 'id', 'first']);
const reviewsPageForAccountStatement = statement<Named<'accountId' | 'status' | KeyParam>>('identity/reviews-page-for-account', ['accountId', 'status', 'score', 'createdAt', 'id', 'first']);
const reviewsCountStatement = statement<Named<'statuses'>, { count: number }>('identity/reviews-count', ['statuses']);
const reviewsCountForAccountStatement = statement<Named<'accountId' | 'status'>, { count: number }>('identity/reviews-count-for-account', ['accountId', 'status']);
const decideReviewStatement = statement<Named<'id' | 'status'>, DecidedReview>('identity/decide-review', ['id', 'status']);
const resolveJoinedReviewsStatement = statement<Named<'memberId'>, { resolved: number }>('identity/resolve-joined-reviews', ['memberId']);

/** Accepts the open reviews a link or merge made moot (both accounts now on `memberId`); answers how many. */
export async function resolveJoinedReviews(tx: Tx, memberId: string): Promise<number> {
  const [row] = await tx.run(resolveJoinedReviewsStatement, { memberId });
  return Number(row?.resolved ?? 0);
}

/** Queues a pair for an operator to decide; one open candidate per pair. Returns its id. */
export async function recordReview(tx: Tx, subjectId: string, candidateId: string, score: number, hits: RuleHit[]): Promise<string> {
  return (await queueReview(tx, subjectId, candidateId, score, hits)).id;
}

/** As recordReview, and whether this call queued it (false when the pair was queued, accepted or rejected before). */
export async function queueReview(tx: Tx, subjectId: string, candidateId: string, score: number, hits: RuleHit[]): Promise<{ id: string; created: boolean }> {
  const pairKey = [subjectId, candidateId].sort().join('|');
  const [row] = await tx.run(recordReviewStatement, {
    id: randomUUID(),
    pairKey,
    subjectId,
    candidateId,
    score,
    hits: JSON.stringify(hits),
  });
  return { id: row.id as string, created: row.created === true };
}

export interface StoredReview {
  id: string;
  score: number;
  hits: string;
  status: string;
  createdAt: Date;
  decidedAt: Date | null;
  subject: Account;
  other: Account;
}

export async function listReviews(db: Database, status: string, first: number, accountId: string | null): Promise<StoredReview[]> {
  const rows = accountId
    ? await db.readOne(reviewQueueForAccountStatement, { accountId, status, first: cypherInt(first) })
    : await db.readOne(reviewQueueStatement, { status, first: cypherInt(first) });
  return rows.map((row) => ({
    ...(row.candidate as Omit<StoredReview, 'subject' | 'other'>),
    subject: toAccount(row.subject as Row),
    other: toAccount(row.other as Row),
  }));
}

type KeyParam = 'score' | 'createdAt' | 'id' | 'first';

/** The reviews connection: highest score first, then oldest, then by id; the key is [score, createdAt as text, id]. */
export const REVIEWS_KEYSET: Keyset = { name: 'reviews', key: ['number', 'string', 'string'], maxFirst: 100 };

/** Which reviews a connection lists: of one status (null: every status), and only those involving one account. */
export interface ReviewFilter {
  status: string | null;
  accountId: string | null;
}

const ALL_STATUSES = ['OPEN', 'ACCEPTED', 'REJECTED'];

/** A page of reviews after `request.after` in REVIEWS_KEYSET order, each with its key. */
export async function reviewsPage(db: Database, filter: ReviewFilter, request: PageRequest): Promise<Keyed<StoredReview>[]> {
  // The first page starts above every score; createdAt and id only break ties with the key's score.
  const [score, createdAt, id] = request.after ?? [Number.POSITIVE_INFINITY, null, null];
  const key = { score, createdAt, id, first: cypherInt(request.limit) };
  const rows = filter.accountId
    ? await db.readOne(reviewsPageForAccountStatement, { accountId: filter.accountId, status: filter.status, ...key })
    : filter.status
      ? await db.readOne(reviewsPageStatement, { status: filter.status, ...key })
      : await db.readOne(reviewsPageEveryStatusStatement, key);
  return rows.map((row) => ({
    node: { ...(row.candidate as Omit<StoredReview, 'subject' | 'other'>), subject: toAccount(row.subject as Row), other: toAccount(row.other as Row) },
    key: row.key as unknown[],
  }));
}

/** How many reviews the filter selects (what reviewsPage lists over all pages). */
export async function countReviews(db: Database, filter: ReviewFilter): Promise<number> {
  const [row] = filter.accountId
    ? await db.readOne(reviewsCountForAccountStatement, { accountId: filter.accountId, status: filter.status })
    : await db.readOne(reviewsCountStatement, { statuses: filter.status ? [filter.status] : ALL_STATUSES });
  return Number(row?.count ?? 0);
}

/** A review candidate as a decision found it: `decided` is false when it was no longer open. */
export interface DecidedReview {
  decided: boolean;
  status: string;
  subjectId: string;
  candidateId: string;
}

/** Decides a review candidate that is still open, under its write lock; null for an unknown one. */
export async function decideReview(tx: Tx, id: string, status: 'ACCEPTED' | 'REJECTED'): Promise<DecidedReview | null> {
  const [row] = await tx.run(decideReviewStatement, { id, status });
  return row ?? null;
}
