import { MatchingConfig } from './identity.config';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Row, Tx } from '../platform/neo4j/database';
import { BatchGraph, BatchPlan, FetchRequest, GraphAccount } from './batch.matching';

const batchAccounts = statement<Named<'refs'>>('identity/batch-accounts', ['refs']);
const batchCandidates = statement<Named<'identifiers' | 'known' | 'identifierMaxAccounts' | 'subjects' | 'exclude' | 'maxCandidates' | 'ownMembers'>>('identity/batch-candidates', ['identifiers', 'known', 'identifierMaxAccounts', 'subjects', 'exclude', 'maxCandidates', 'ownMembers']);
const batchLockMembers = statement<Named<'ids'>>('identity/batch-lock-members', ['ids']);
const batchCreateMembers = statement<Named<'members' | 'aliases'>>('identity/batch-create-members', ['members', 'aliases']);
const batchStoreAccounts = statement<Named<'accounts'>>('identity/batch-store-accounts', ['accounts']);
const batchMergeMembers = statement<Named<'merges'>>('identity/batch-merge-members', ['merges']);
const batchRecordReviews = statement<Named<'reviews'>>('identity/batch-record-reviews', ['reviews']);
const batchRecordAuditEvents = statement<Named<'events'>>('identity/batch-record-audit-events', ['events']);

/** The accounts among refs that already exist, as they stand before the batch. */
export async function findBatchAccounts(tx: Tx, refs: { app: string; externalId: string }[]): Promise<GraphAccount[]> {
  if (!refs.length) return [];
  const rows = await tx.run(batchAccounts, { refs });
  return rows.map((row: Row) => ({
    id: row.id as string,
    app: row.app as string,
    externalId: row.externalId as string,
    displayName: (row.displayName as string | null) ?? null,
    birthDate: (row.birthDate as string | null) ?? null,
    city: (row.city as string | null) ?? null,
    memberId: (row.memberId as string | null) ?? null,
    link: row.link ? ({ consentId: null, ...(row.link as object) } as GraphAccount['link']) : null,
    hashes: row.hashes as string[],
    dnl: row.dnl as string[],
  }));
}

/** Write-locks the batch's identifiers and reads every candidate of the batch, with their members (one statement). */
export async function findBatchCandidates(tx: Tx, request: FetchRequest, config: MatchingConfig): Promise<BatchGraph> {
  const [row] = await tx.run(batchCandidates, {
    ...request,
    identifierMaxAccounts: cypherInt(config.identifierMaxAccounts),
    maxCandidates: cypherInt(config.maxCandidates),
  });
  return {
    identifiers: row.identifiers as BatchGraph['identifiers'],
    blocks: row.blocks as BatchGraph['blocks'],
    accounts: row.accounts as GraphAccount[],
    members: row.members as BatchGraph['members'],
  };
}

/**
 * Write-locks the graph members the plan writes to (sorted) and returns the ids of those that changed since they were
 * read (another version) or are gone (merged or erased meanwhile): the plan is then stale.
 */
export async function lockBatchMembers(tx: Tx, members: BatchPlan['lockMembers']): Promise<string[]> {
  if (!members.length) return [];
  const rows = await tx.run(batchLockMembers, { ids: members.map((m) => m.id) });
  const seen = new Map(rows.map((r) => [r.id as string, r.version as number]));
  return members.filter((m) => seen.get(m.id) !== m.version).map((m) => m.id);
}

/** Writes a batch plan: members, accounts with their links, merges of graph members, reviews, audit events. */
export async function writeBatchPlan(tx: Tx, plan: BatchPlan): Promise<void> {
  if (plan.members.length || plan.aliases.length) await tx.run(batchCreateMembers, { members: plan.members, aliases: plan.aliases });
  if (plan.accounts.length) await tx.run(batchStoreAccounts, { accounts: plan.accounts });
  if (plan.merges.length) await tx.run(batchMergeMembers, { merges: plan.merges });
  if (plan.reviews.length) await tx.run(batchRecordReviews, { reviews: plan.reviews });
  if (plan.events.length) await tx.run(batchRecordAuditEvents, { events: plan.events });
}
