import { IdentityConfig } from './identity.config';
import { AppError, ErrorCode } from '../platform/errors';
import { Database } from '../platform/neo4j/database';
import { AccountWrite } from './account.repository';
import { Account } from './account.type';
import { fetchRequest, planBatch, PlannedOutcome, refKey } from './batch.matching';
import { findBatchAccounts, findBatchCandidates, lockBatchMembers, StaleBatchError, writeBatchPlan } from './batch.matching.repository';
import type { IngestOutcome } from './ingest.service';

const STALE_ATTEMPTS = 4;

function toOutcome(o: PlannedOutcome): IngestOutcome {
  const account = Object.assign(new Account(), {
    id: o.accountId,
    appCode: o.app,
    externalId: o.externalId,
    displayName: o.displayName,
    memberId: o.memberId,
    link: { ...o.link, linkedAt: o.link.linkedAt ?? new Date() },
  });
  return { account, memberId: o.memberId, decision: o.decision, mergedMemberIds: o.mergedMemberIds };
}

/**
 * Ingests prepared accounts (validated and hashed, see prepareAccount) in one transaction, set-based: one statement
 * reads the batch's existing accounts, one locks its identifiers and reads every candidate of the whole batch, the
 * decisions are taken in memory in input order with matching's own rules (batch.matching.ts, so the result is that of
 * ingesting the accounts one by one), and a few UNWIND statements write members, accounts and links, merges, reviews
 * and audit events. The members written to are write-locked and checked first; if one changed since it was read
 * (a concurrent upsert), the batch is decided again. Idempotent on (app, externalId), as ingestAccount.
 */
export async function ingestPreparedBatch(db: Database, config: IdentityConfig, writes: AccountWrite[]): Promise<IngestOutcome[]> {
  if (!writes.length) return [];
  const refs = [...new Map(writes.map((w) => [refKey(w.app, w.externalId), { app: w.app, externalId: w.externalId }])).values()];
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.write(async (tx) => {
        const existing = await findBatchAccounts(tx, refs);
        const graph = await findBatchCandidates(tx, fetchRequest(writes, existing), config.matching);
        const { plan, outcomes } = planBatch(writes, existing, graph, config.matching);
        const stale = await lockBatchMembers(tx, plan.lockMembers);
        if (stale.length) throw new StaleBatchError(`members ${stale.join(', ')} changed while the batch was being decided`);
        await writeBatchPlan(tx, plan);
        return outcomes.map(toOutcome);
      }, 'ingestBatch');
    } catch (error) {
      if (!(error instanceof StaleBatchError)) throw error;
      if (attempt >= STALE_ATTEMPTS) {
        throw new AppError(ErrorCode.CONFLICT, 'Members of this batch kept changing under concurrent writes; retry the batch');
      }
    }
  }
}
