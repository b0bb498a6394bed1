import { randomUUID } from 'node:crypto';
import { MatchingConfig } from './identity.config';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Row, Tx } from '../platform/neo4j/database';
import { MatchProfile, RuleHit, SharedIdentifier } from './matching.rules';
import { LinkMethod } from './link.type';

const matchCandidates = statement<Named<'accountId' | 'identifierMaxAccounts' | 'maxCandidates'>>('identity/match-candidates', ['accountId', 'identifierMaxAccounts', 'maxCandidates']);
const lockMembersStatement = statement<Named<'ids'>>('identity/lock-members', ['ids']);
const attachAccountStatement = statement<Named<'accountId' | 'memberId' | 'link'>>('identity/attach-account', ['accountId', 'memberId', 'link']);
const mergeMembersStatement = statement<Named<'survivorId' | 'mergedIds'>>('identity/merge-members', ['survivorId', 'mergedIds']);
const recordAuditEventStatement = statement<Named<'event' | 'memberIds'>>('identity/record-audit-event', ['event', 'memberIds']);
const recordReviewStatement = statement<Named<'subjectId' | 'candidateId' | 'pairKey' | 'id' | 'score' | 'hits'>>('identity/record-review', ['subjectId', 'candidateId', 'pairKey', 'id', 'score', 'hits']);

export interface Candidate extends MatchProfile {
  accountId: string;
  app: string;
  memberId: string;
  shared: SharedIdentifier[];
  forbidden: boolean;
}

export interface CandidateSet {
  ownMemberId: string | null;
  subject: MatchProfile;
  candidates: Candidate[];
}

export interface LockedMember {
  id: string;
  createdAt: Date;
  apps: Map<string, number>;
  accounts: number;
  avoid: Set<string>;
}

export interface LinkProps {
  method: LinkMethod;
  confidence: number;
  rules: string[];
  consentId?: string | null;
}

export interface AuditEvent {
  type: 'MERGE' | 'UNLINK' | 'LINK' | 'REVIEW_ACCEPTED' | 'REVIEW_REJECTED' | 'ERASE';
  rules?: string[];
  evidenceKinds?: string[];
  survivorId?: string | null;
  memberIds: string[];
  accountId?: string | null;
  detail?: string | null;
}

export async function findCandidates(tx: Tx, accountId: string, config: MatchingConfig): Promise<CandidateSet> {
  const [row] = await tx.run(matchCandidates, {
    accountId,
    identifierMaxAccounts: cypherInt(config.identifierMaxAccounts),
    maxCandidates: cypherInt(config.maxCandidates),
  });
  return {
    ownMemberId: (row.ownMemberId as string | null) ?? null,
    subject: row.subject as MatchProfile,
    candidates: row.candidates as Candidate[],
  };
}

/** Write-locks the live members among ids (in sorted order) and returns what merging decisions need of them. */
export async function lockMembers(tx: Tx, ids: Iterable<string>): Promise<Map<string, LockedMember>> {
  const sorted = [...new Set(ids)].sort();
  if (!sorted.length) return new Map();
  const rows = await tx.run(lockMembersStatement, { ids: sorted });
  return new Map(
    rows.map((row: Row) => {
      const apps = new Map((row.apps as { app: string; accounts: number }[]).map((x) => [x.app, x.accounts]));
      const member: LockedMember = {
        id: row.id as string,
        createdAt: row.createdAt as Date,
        apps,
        accounts: [...apps.values()].reduce((a, b) => a + b, 0),
        avoid: new Set(row.avoid as string[]),
      };
      return [member.id, member];
    }),
  );
}

export async function attachAccount(tx: Tx, accountId: string, memberId: string, link: LinkProps): Promise<void> {
  await tx.run(attachAccountStatement, { accountId, memberId, link: { consentId: null, ...link } });
}

export async function mergeMembers(tx: Tx, survivorId: string, mergedIds: string[]): Promise<void> {
  if (mergedIds.length) await tx.run(mergeMembersStatement, { survivorId, mergedIds });
}

export async function recordAuditEvent(tx: Tx, event: AuditEvent): Promise<void> {
  await tx.run(recordAuditEventStatement, {
    event: {
      id: randomUUID(),
      rules: [],
      evidenceKinds: [],
      survivorId: null,
      accountId: null,
      detail: null,
      ...event,
    },
    memberIds: event.memberIds,
  });
}

export async function recordReview(tx: Tx, subjectId: string, candidateId: string, score: number, hits: RuleHit[]): Promise<string> {
  const pairKey = [subjectId, candidateId].sort().join('|');
  const [row] = await tx.run(recordReviewStatement, {
    id: randomUUID(),
    pairKey,
    subjectId,
    candidateId,
    score,
    hits: JSON.stringify(hits),
  });
  return row.id as string;
}
