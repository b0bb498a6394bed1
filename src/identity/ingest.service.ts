import { Config } from '../platform/config';
import { Database, Tx } from '../platform/neo4j/database';
import { AccountInput } from './account.input';
import { findAccountById, upsertAccount } from './account.repository';
import { Account } from './account.type';
import { prepareAccount } from './account.validate';
import { MatchDecision } from './ingest.type';
import { matchAccount } from './matching.service';

export interface IngestOutcome {
  account: Account;
  memberId: string;
  decision: MatchDecision;
  mergedMemberIds: string[];
}

async function ingestInTx(tx: Tx, config: Config, input: AccountInput): Promise<IngestOutcome> {
  const account = prepareAccount(input, config.identifierHashKey);
  const stored = await upsertAccount(tx, account);
  const match = await matchAccount(tx, config, stored.accountId);
  const saved = await findAccountById(tx, stored.accountId);
  return { account: saved!, ...match };
}

/**
 * Stores an account with its identifiers and matches it, in one transaction.
 * Idempotent on (app, externalId), so the driver's retries and a client's repeated calls are both safe.
 */
export function ingestAccount(db: Database, config: Config, input: AccountInput): Promise<IngestOutcome> {
  prepareAccount(input, config.identifierHashKey);
  return db.write((tx) => ingestInTx(tx, config, input), 'upsertAccount');
}

/**
 * Ingests several accounts in one transaction, in order, with the same results as ingesting them one by one.
 * Every input is validated before anything is written, so one bad input writes nothing of the batch.
 */
export function ingestBatch(db: Database, config: Config, inputs: AccountInput[]): Promise<IngestOutcome[]> {
  for (const input of inputs) prepareAccount(input, config.identifierHashKey);
  return db.write(async (tx) => {
    const outcomes: IngestOutcome[] = [];
    for (const input of inputs) outcomes.push(await ingestInTx(tx, config, input));
    return outcomes;
  }, 'ingestBatch');
}
