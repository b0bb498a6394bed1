import { IdentityConfig } from './identity.config';
import { AppError, ErrorCode } from '../platform/errors';
import { Database } from '../platform/neo4j/database';
import { AccountWrite } from './account.repository';
import { Account } from './account.type';
import { fetchRequest, planBatch, PlannedOutcome, refKey } from './batch.matching';
import { findBatchAccounts, findBatchCandidates, lockBatchMembers, StaleBatchError, writeBatchPlan } from './batch.matching.repository';
import { IngestOutcome } from './ingest.outcome';
import { ConsentPurpose } from './consent.purpose';
import { recordChanges } from './change.outbox';
import { reexamineAfterIngest } from './overshared.service';

const STALE_ATTEMPTS = 4;

/** A link the batch wrote has the default purposes; one it kept has those read with it. */
function toOutcome(o: PlannedOutcome, defaultPurposes: ConsentPurpose[]): IngestOutcome {
  const account = Object.assign(new Account(), {
    id: o.accountId,
    appCode: o.app,
    externalId: o.externalId,
    displayName: o.displayName,
    memberId: o.memberId,
    link: { purposes: defaultPurposes, ...o.link, linkedAt: o.link.linkedAt ?? new Date() },
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
      let overShared: string[] = [];
      const outcomes = await db.write(async (tx) => {
        const existing = await findBatchAccounts(tx, refs);
        const graph = await findBatchCandidates(tx, fetchRequest(writes, existing), config.matching);
        const { plan, outcomes } = planBatch(writes, existing, graph, config.matching);
        overShared = plan.overShared;
        const stale = await lockBatchMembers(tx, plan.lockMembers);
        if (stale.length) throw new StaleBatchError(`members ${stale.join(', ')} changed while the batch was being decided`);
        // Merges are recorded before they move the merged members' accounts; links after the accounts exist.
        await recordChanges(tx, config, plan.merges.filter((m) => m.mergedIds.length).map((m) => ({ kind: 'MERGED', memberId: m.survivorId, mergedMemberIds: m.mergedIds, fromMemberIds: m.mergedIds })));
        await writeBatchPlan(tx, plan, config.linkDefaultPurposes);
        await recordChanges(tx, config, plan.accounts.filter((a) => a.memberId).map((a) => ({ kind: 'LINKED', memberId: a.memberId!, accountIds: [a.id] })));
        return outcomes.map((o) => toOutcome(o, config.linkDefaultPurposes));
      }, 'ingestBatch');
      // As ingestAccount does after its commit: the links that identifiers now over the limit alone justified, named
      // by the plan (which knew their degrees) rather than read again.
      await reexamineAfterIngest(db, config, overShared);
      return outcomes;
    } catch (error) {
      if (!(error instanceof StaleBatchError)) throw error;
      if (attempt >= STALE_ATTEMPTS) {
        throw new AppError(ErrorCode.CONFLICT, 'Members of this batch kept changing under concurrent writes; retry the batch');
      }
    }
  }
}
