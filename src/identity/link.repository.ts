import { randomUUID } from 'node:crypto';
import { Named, statement } from '../platform/neo4j/cypher';
import { Tx } from '../platform/neo4j/database';
import { Link, LinkMethod } from './link.type';
import { ConsentPurpose } from './consent.purpose';
import { Account } from './account.type';
import { toAccount } from './account.repository';
import { Row } from '../platform/neo4j/database';

const attachAccountStatement = statement<Named<'accountId' | 'memberId' | 'link'>>('identity/attach-account', ['accountId', 'memberId', 'link']);
const forgetDoNotLinkStatement = statement<Named<'memberIds'>>('identity/forget-do-not-link', ['memberIds']);
const splitAccountStatement = statement<Named<'accountId' | 'newMemberId' | 'reason'>>('identity/split-account', ['accountId', 'newMemberId', 'reason']);
const forbidPairStatement = statement<Named<'subjectId' | 'candidateId' | 'reason'>>('identity/forbid-pair', ['subjectId', 'candidateId', 'reason']);
const withdrawPurposesStatement = statement<Named<'accountId' | 'purposes'>>('identity/withdraw-purposes', ['accountId', 'purposes']);
const useLinkConsentStatement = statement<Named<'jti' | 'grantorId' | 'accountId'>>('identity/use-link-consent', ['jti', 'grantorId', 'accountId']);

export interface LinkProps {
  method: LinkMethod;
  confidence: number;
  rules: string[];
  consentId?: string | null;
  /** null keeps the purposes the account's link had. */
  purposes: ConsentPurpose[] | null;
  /** What matching decided the link on (link.evidence.ts); none for links on a person's word or an operator's. */
  evidence?: string | null;
}

/** Links an account to a member, with why. */
export async function attachAccount(tx: Tx, accountId: string, memberId: string, link: LinkProps): Promise<Link> {
  const [row] = await tx.run(attachAccountStatement, { accountId, memberId, link: { consentId: null, evidence: null, ...link } });
  return row.link as Link;
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

/** Records that two accounts must never be linked again by the same evidence. */
export async function forbidPair(tx: Tx, subjectId: string, candidateId: string, reason: string): Promise<void> {
  await tx.run(forbidPairStatement, { subjectId, candidateId, reason });
}

/** Removes purposes from the consent of the account's link; the account as it is now. */
export async function withdrawPurposes(tx: Tx, accountId: string, purposes: ConsentPurpose[]): Promise<Account> {
  const [row] = await tx.run(withdrawPurposesStatement, { accountId, purposes });
  return toAccount(row.account as Row);
}
