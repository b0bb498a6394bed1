import { Config } from '../platform/config';
import { Database, Tx } from '../platform/neo4j/database';
import { AccountInput } from './account.input';
import { AccountWrite, findAccountById, upsertAccount, upsertAccounts } from './account.repository';
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

async function ingestInTx(tx: Tx, config: Config, account: AccountWrite): Promise<IngestOutcome> {
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
  const account = prepareAccount(input, config.identifierHashKey);
  return db.write((tx) => ingestInTx(tx, config, account), 'upsertAccount');
}

/**
 * Ingests several accounts in one transaction: one UNWIND statement stores them all, then each is matched in input
 * order. Accounts of the batch that have no member yet are not candidates (match-candidates skips them), so the
 * results are those of ingesting the accounts one by one. Every input is validated before anything is written, so
 * one bad input writes nothing of the batch.
 */
export function ingestBatch(db: Database, config: Config, inputs: AccountInput[]): Promise<IngestOutcome[]> {
  const accounts = inputs.map((input) => prepareAccount(input, config.identifierHashKey));
  return db.write(async (tx) => {
    const ids = await upsertAccounts(tx, accounts);
    const outcomes: IngestOutcome[] = [];
    for (const accountId of ids) {
      const match = await matchAccount(tx, config, accountId);
      const saved = await findAccountById(tx, accountId);
      outcomes.push({ account: saved!, ...match });
    }
    return outcomes;
  }, 'ingestBatch');
}
