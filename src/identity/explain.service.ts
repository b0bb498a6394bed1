import { IdentityConfig } from './identity.config';
import { notFound } from '../platform/errors';
import { Database } from '../platform/neo4j/database';
import { AccountRef } from './account.input';
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
