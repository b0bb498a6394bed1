import { Database } from '../platform/neo4j/database';
import { AccountInput } from './account.input';
import { createMemberFor, findAccountById, upsertAccount } from './account.repository';
import { prepareAccount } from './account.validate';
import { Account } from './account.type';
import { MatchDecision } from './ingest.type';
import { LinkMethod } from './link.type';

export interface IngestOutcome {
  account: Account;
  memberId: string;
  decision: MatchDecision;
  mergedMemberIds: string[];
}

/**
 * Stores an account with its identifiers in one transaction; a new account gets a member of its own.
 * Idempotent on (app, externalId), so the driver's retries and a client's repeated calls are both safe.
 */
export async function ingestAccount(db: Database, hashKey: string, input: AccountInput): Promise<IngestOutcome> {
  const account = prepareAccount(input, hashKey);
  return db.write(async (tx) => {
    const stored = await upsertAccount(tx, account);
    const memberId = stored.memberId ?? (await createMemberFor(tx, stored.accountId, LinkMethod.DETERMINISTIC, 1, ['NEW_MEMBER']));
    const saved = await findAccountById(tx, stored.accountId);
    return { account: saved!, memberId, decision: MatchDecision.NO_MATCH, mergedMemberIds: [] };
  }, 'upsertAccount');
}
