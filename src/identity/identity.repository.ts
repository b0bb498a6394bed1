import { randomUUID } from 'node:crypto';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Row, Tx } from '../platform/neo4j/database';
import { Account } from './account.type';
import { toAccount } from './account.repository';
import { MatchProfile, SharedIdentifier } from './matching.rules';

const accountMemberByRef = statement<Named<'app' | 'externalId'>>('identity/account-member-by-ref', ['app', 'externalId']);
const forgetDoNotLinkStatement = statement<Named<'memberIds'>>('identity/forget-do-not-link', ['memberIds']);
const splitAccountStatement = statement<Named<'accountId' | 'newMemberId' | 'reason'>>('identity/split-account', ['accountId', 'newMemberId', 'reason']);
const pairEvidenceStatement = statement<Named<'a' | 'b'>>('identity/pair-evidence', ['a', 'b']);
const eraseMemberStatement = statement<Named<'memberId'>>('identity/erase-member', ['memberId']);
const reviewQueueStatement = statement<Named<'status' | 'first'>>('identity/review-queue', ['status', 'first']);
const reviewQueueForAccountStatement = statement<Named<'accountId' | 'status' | 'first'>>('identity/review-queue-for-account', ['accountId', 'status', 'first']);
const reviewCandidateStatement = statement<Named<'id'>>('identity/review-candidate', ['id']);
const decideReviewStatement = statement<Named<'id' | 'status'>>('identity/decide-review', ['id', 'status']);
const forbidPairStatement = statement<Named<'subjectId' | 'candidateId' | 'reason'>>('identity/forbid-pair', ['subjectId', 'candidateId', 'reason']);
const auditTrailStatement = statement<Named<'id' | 'first'>>('identity/audit-trail', ['id', 'first']);
const useLinkConsentStatement = statement<Named<'jti' | 'grantorId' | 'accountId'>>('identity/use-link-consent', ['jti', 'grantorId', 'accountId']);

export interface AccountMember {
  accountId: string;
  memberId: string | null;
}

export async function findAccountMember(tx: Tx, app: string, externalId: string): Promise<AccountMember | null> {
  const [row] = await tx.run(accountMemberByRef, { app, externalId });
  return row ? { accountId: row.accountId as string, memberId: (row.memberId as string | null) ?? null } : null;
}

export async function forgetDoNotLink(tx: Tx, memberIds: string[]): Promise<void> {
  await tx.run(forgetDoNotLinkStatement, { memberIds });
}

/** Spends a link-consent token; false when it was spent before. */
export async function useLinkConsent(tx: Tx, jti: string, grantorId: string, accountId: string): Promise<boolean> {
  const [row] = await tx.run(useLinkConsentStatement, { jti, grantorId, accountId });
  return row.firstUse === true;
}

/** Moves an account into a new member of its own; returns the old and new member ids. */
export async function splitAccount(tx: Tx, accountId: string, reason: string): Promise<{ oldMemberId: string; newMemberId: string }> {
  const [row] = await tx.run(splitAccountStatement, { accountId, newMemberId: randomUUID(), reason });
  return { oldMemberId: row.oldMemberId as string, newMemberId: row.newMemberId as string };
}

export interface PairEvidence {
  first: MatchProfile;
  second: MatchProfile;
  shared: SharedIdentifier[];
}

export async function findPairEvidence(db: Database, a: { app: string; externalId: string }, b: { app: string; externalId: string }): Promise<PairEvidence | null> {
  const [row] = await db.readOne(pairEvidenceStatement, { a, b });
  return row ? { first: row.first as MatchProfile, second: row.second as MatchProfile, shared: row.shared as SharedIdentifier[] } : null;
}

export async function eraseMember(tx: Tx, memberId: string): Promise<{ memberId: string; accounts: number } | null> {
  const [row] = await tx.run(eraseMemberStatement, { memberId });
  return row ? { memberId: row.memberId as string, accounts: row.accounts as number } : null;
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

export async function findReview(tx: Tx, id: string): Promise<{ id: string; status: string; subjectId: string; candidateId: string } | null> {
  const [row] = await tx.run(reviewCandidateStatement, { id });
  return row ? (row as { id: string; status: string; subjectId: string; candidateId: string }) : null;
}

export async function decideReview(tx: Tx, id: string, status: 'ACCEPTED' | 'REJECTED'): Promise<boolean> {
  return (await tx.run(decideReviewStatement, { id, status })).length === 1;
}

export async function forbidPair(tx: Tx, subjectId: string, candidateId: string, reason: string): Promise<void> {
  await tx.run(forbidPairStatement, { subjectId, candidateId, reason });
}

export interface StoredAuditEvent {
  id: string;
  type: string;
  at: Date;
  rules: string[];
  evidenceKinds: string[];
  survivorId: string | null;
  memberIds: string[];
  accountId: string | null;
}

export async function auditTrail(db: Database, memberId: string, first: number): Promise<StoredAuditEvent[]> {
  const rows = await db.readOne(auditTrailStatement, { id: memberId, first: cypherInt(first) });
  return rows.map((row) => row.event as StoredAuditEvent);
}
