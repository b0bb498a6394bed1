import { IdentityConfig } from './identity.config';
import { notFound } from '../platform/errors';
import { Database } from '../platform/neo4j/database';
import { AccountRef } from './account.input';
import { findAccountById } from './account.repository';
import { validateRef } from './account.validate';
import { findPairEvidence } from './matching.repository';
import { MatchScore, scoreMatch } from './matching.rules';

/** Scores two accounts with the same rules ingest uses, without writing anything. */
export async function explainMatch(db: Database, config: IdentityConfig, a: AccountRef, b: AccountRef): Promise<MatchScore> {
  const first = validateRef(a);
  const second = validateRef(b);
  const evidence = await findPairEvidence(db, first, second);
  if (!evidence) throw notFound(`Account ${first.app}:${first.externalId} or ${second.app}:${second.externalId}`);
  return scoreMatch(evidence.first, evidence.second, evidence.shared, config.matching);
}

/**
 * The same explanation for two accounts given by id: analysts read external ids masked, so the ids a member's
 * accounts list are all they can name the accounts of a cluster by.
 */
export async function explainMatchByIds(db: Database, config: IdentityConfig, a: string, b: string): Promise<MatchScore> {
  const [first, second] = await Promise.all([findAccountById(db.autoCommit, a), findAccountById(db.autoCommit, b)]);
  if (!first || !second) throw notFound(`Account ${first ? b : a}`);
  return explainMatch(db, config, { app: first.appCode, externalId: first.externalId }, { app: second.appCode, externalId: second.externalId });
}
