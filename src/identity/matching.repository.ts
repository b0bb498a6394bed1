import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Tx } from '../platform/neo4j/database';
import { MatchingConfig } from './identity.config';
import { MatchProfile, SharedIdentifier } from './matching.rules';

const matchCandidates = statement<Named<'accountId' | 'identifierMaxAccounts' | 'maxCandidates'>>('identity/match-candidates', ['accountId', 'identifierMaxAccounts', 'maxCandidates']);
const pairEvidenceStatement = statement<Named<'a' | 'b'>>('identity/pair-evidence', ['a', 'b']);

export interface Candidate extends MatchProfile {
  accountId: string;
  app: string;
  memberId: string;
  shared: SharedIdentifier[];
  forbidden: boolean;
  /** The other accounts of its member: what completes its profile (withMemberProfile). */
  memberProfiles?: MatchProfile[];
}

export interface CandidateSet {
  ownMemberId: string | null;
  subject: MatchProfile;
  candidates: Candidate[];
}

/** The candidates of an account from every blocking key, with the identifiers each shares with it. */
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

export interface PairEvidence {
  first: MatchProfile;
  second: MatchProfile;
  shared: SharedIdentifier[];
}

export async function findPairEvidence(db: Database, a: { app: string; externalId: string }, b: { app: string; externalId: string }): Promise<PairEvidence | null> {
  const [row] = await db.readOne(pairEvidenceStatement, { a, b });
  return row ? { first: row.first as MatchProfile, second: row.second as MatchProfile, shared: row.shared as SharedIdentifier[] } : null;
}
