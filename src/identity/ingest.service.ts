import { IdentityConfig } from './identity.config';
import { AppError, ErrorCode } from '../platform/errors';
import { Database, Tx } from '../platform/neo4j/database';
import { AccountInput } from './account.input';
import { AccountWrite, createMemberFor, upsertAccount } from './account.repository';
import { Account } from './account.type';
import { Member } from './member.type';
import { prepareAccount } from './account.validate';
import { ingestPreparedBatch } from './batch.ingest.service';
import { IngestOutcome } from './ingest.outcome';
import { MatchDecision } from './matching.rules';
import { bestPerMember, matchAccount } from './matching.service';
import { reexamineAfterIngest } from './overshared.service';

/**
 * One account's outcome, with its member as written (no read after the write is needed to answer with it), and the
 * over-shared identifiers whose links were re-examined after the commit (overshared.service.ts).
 */
export type SingleIngestOutcome = IngestOutcome & { member: Member; overShared: string[] };

async function ingestInTx(tx: Tx, config: IdentityConfig, account: AccountWrite): Promise<SingleIngestOutcome> {
  const { account: stored, member, memberAccounts, candidates, overShared } = await upsertAccount(tx, account, config.matching, config.linkDefaultPurposes, config.identityChanges);
  // Decided in memory from the candidates the upsert read: when none reaches REVIEW, matching would write nothing but
  // a member for an account without one (matchAccount's NO_MATCH), so no member needs locking. A candidate created
  // concurrently through a shared identifier cannot be missed: the upsert write-locked the identifiers.
  const scored = candidates.candidates.length ? bestPerMember(candidates, config.matching) : [];
  if (!scored.some((s) => s.score.decision !== MatchDecision.NO_MATCH)) {
    if (member) {
      const decision = memberAccounts > 1 ? MatchDecision.LINK : MatchDecision.NO_MATCH;
      return { account: stored, member, memberId: member.id, decision, mergedMemberIds: [], overShared };
    }
    const made = await createMemberFor(tx, stored.id, config.linkDefaultPurposes, config.identityChanges);
    const saved = Object.assign(new Account(), { ...stored, memberId: made.member.id, link: made.link });
    return { account: saved, member: made.member, memberId: made.member.id, decision: MatchDecision.NO_MATCH, mergedMemberIds: [], overShared };
  }
  const { link, ...match } = await matchAccount(tx, config, stored.id, candidates);
  // What the writes returned, not a read after them: the account as upserted, with the member and link matching wrote.
  const saved = Object.assign(new Account(), { ...stored, memberId: match.memberId, link: link ?? stored.link });
  return { account: saved, ...match, overShared };
}

/**
 * Stores an account with its identifiers and matches it, in one transaction.
 * Idempotent on (app, externalId), so the driver's retries and a client's repeated calls are both safe.
 */
export async function ingestAccount(db: Database, config: IdentityConfig, input: AccountInput): Promise<SingleIngestOutcome> {
  const account = prepareAccount(input, config.identifierHashKey);
  const outcome = await db.write((tx) => ingestInTx(tx, config, account), 'upsertAccount');
  // After the commit, each member in its own transaction: the links an identifier over the limit alone justified.
  // The answer stays the one the write produced (a split shows in the member's next read and in the change feed).
  await reexamineAfterIngest(db, config, outcome.overShared);
  return outcome;
}

/**
 * Ingests several accounts in one transaction, set-based (batch.ingest.service.ts): one statement reads which exist,
 * one reads every candidate of the batch, the decisions are taken in memory in input order with the same rules, and a
 * few UNWIND statements write the result, which is that of ingesting the accounts one by one. Every input is
 * validated before anything is written, so one bad input writes nothing of the batch.
 */
export function ingestBatch(db: Database, config: IdentityConfig, inputs: AccountInput[]): Promise<IngestOutcome[]> {
  const accounts = inputs.map((input, index) => {
    try {
      return prepareAccount(input, config.identifierHashKey);
    } catch (error) {
      throw aboutInput(error, index);
    }
  });
  return ingestPreparedBatch(db, config, accounts);
}

/** The most accounts one upsertAccounts call stores (one transaction). */
export const MAX_ACCOUNTS_PER_CALL = 1000;

/** The bulk path of the API (upsertAccounts): 1 to MAX_ACCOUNTS_PER_CALL accounts, all or none. */
export function ingestAccounts(db: Database, config: IdentityConfig, inputs: AccountInput[]): Promise<IngestOutcome[]> {
  if (inputs.length < 1 || inputs.length > MAX_ACCOUNTS_PER_CALL) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `give 1 to ${MAX_ACCOUNTS_PER_CALL} accounts per call`, { field: 'inputs' });
  }
  return ingestBatch(db, config, inputs);
}

/** An error about one input of a batch says which one (`extensions.index`). */
function aboutInput(error: unknown, index: number): unknown {
  if (!(error instanceof AppError)) return error;
  const { code, ...details } = error.extensions as { code: string } & Record<string, unknown>;
  return new AppError(code, `inputs[${index}]: ${error.message}`, { ...details, index });
}
