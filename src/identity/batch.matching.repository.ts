import { MatchingConfig } from './identity.config';
import { ConsentPurpose } from './consent.purpose';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Row, Tx } from '../platform/neo4j/database';
import { BatchGraph, BatchPlan, FetchRequest, GraphAccount } from './batch.matching';
import { BlockKind } from './matching.blocking';
import { mergeMembersStatement } from './member.repository';

const batchAccounts = statement<Named<'apps' | 'externalIds'>>('identity/batch-accounts', ['apps', 'externalIds']);
const batchCandidates = statement<
  Named<'hashes' | 'kinds' | 'masks' | 'known' | 'birthDates' | 'cities' | 'names' | 'initials' | 'exclude' | 'ownMembers' | 'identifierMaxAccounts' | 'maxCandidates'>
>('identity/batch-candidates', ['hashes', 'kinds', 'masks', 'known', 'birthDates', 'cities', 'names', 'initials', 'exclude', 'ownMembers', 'identifierMaxAccounts', 'maxCandidates']);
const batchLockMembers = statement<Named<'ids'>>('identity/batch-lock-members', ['ids']);
const batchCreateMembers = statement<Named<'ids' | 'names' | 'seqs' | 'aliasIds' | 'aliasNames' | 'aliasSeqs' | 'aliasRoots'>>(
  'identity/batch-create-members',
  ['ids', 'names', 'seqs', 'aliasIds', 'aliasNames', 'aliasSeqs', 'aliasRoots'],
);
const batchCreateAccounts = statement<
  Named<'ids' | 'apps' | 'externalIds' | 'displayNames' | 'nameInitials' | 'birthDates' | 'cities' | 'hashes' | 'verified' | 'memberIds' | 'methods' | 'confidences' | 'rules' | 'evidence' | 'purposes'>
>('identity/batch-create-accounts', ['ids', 'apps', 'externalIds', 'displayNames', 'nameInitials', 'birthDates', 'cities', 'hashes', 'verified', 'memberIds', 'methods', 'confidences', 'rules', 'evidence', 'purposes']);
const batchUpdateAccounts = statement<Named<'accounts' | 'purposes'>>('identity/batch-update-accounts', ['accounts', 'purposes']);
const batchRecordReviews = statement<Named<'reviews'>>('identity/batch-record-reviews', ['reviews']);
const batchResolveJoinedReviews = statement<Named<'memberIds'>>('identity/batch-resolve-joined-reviews', ['memberIds']);
const batchRecordAuditEvents = statement<Named<'events'>>('identity/batch-record-audit-events', ['events']);

/**
 * What the batch decided no longer holds: a member it writes to changed or vanished (a concurrent upsert merged it)
 * after it was read. The transaction rolls back and the batch is decided again.
 */
export class StaleBatchError extends Error {}

// Large parameters travel as columns (one list per field): the driver packs a list of strings about ten times faster
// than a list of maps, and at thousands of accounts a batch that cost shows.
const column = <T, K>(rows: T[], pick: (row: T) => K): K[] => rows.map(pick);

/** The accounts among refs that already exist, as they stand before the batch. */
export async function findBatchAccounts(tx: Tx, refs: { app: string; externalId: string }[]): Promise<GraphAccount[]> {
  if (!refs.length) return [];
  const rows = await tx.run(batchAccounts, { apps: column(refs, (r) => r.app), externalIds: column(refs, (r) => r.externalId) });
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
    kinds: row.kinds as string[],
    verified: row.verified as string[],
    dnl: row.dnl as string[],
  }));
}

/** Write-locks the batch's identifiers and reads every candidate of the batch, with their members (one statement). */
export async function findBatchCandidates(tx: Tx, request: FetchRequest, config: MatchingConfig): Promise<BatchGraph> {
  const { identifiers, subjects } = request;
  const [row] = await tx.run(batchCandidates, {
    hashes: column(identifiers, (i) => i.hash),
    kinds: column(identifiers, (i) => i.kind),
    masks: column(identifiers, (i) => i.masked),
    known: request.known,
    birthDates: column(subjects, (s) => s.birthDate),
    cities: column(subjects, (s) => s.city),
    names: column(subjects, (s) => s.name),
    initials: column(subjects, (s) => s.initials),
    exclude: request.exclude,
    ownMembers: request.ownMembers,
    identifierMaxAccounts: cypherInt(config.identifierMaxAccounts),
    maxCandidates: cypherInt(config.maxCandidates),
  });
  // Identifiers no other account carries yet are not returned: degree 0, no carriers.
  const found = new Map((row.identifiers as BatchGraph['identifiers']).map((i) => [i.hash, i]));
  const all = identifiers.map((i) => found.get(i.hash) ?? { hash: i.hash, kind: i.kind, degree: 0, carriers: [] });
  for (const hash of request.known) if (found.has(hash)) all.push(found.get(hash)!);
  return {
    identifiers: all,
    blocks: (row.blocks as { subject: number; kind: BlockKind; accounts: string[] }[]).map((b) => ({ key: subjects[b.subject].key, kind: b.kind, accounts: b.accounts })),
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
export async function writeBatchPlan(tx: Tx, plan: BatchPlan, purposes: ConsentPurpose[]): Promise<void> {
  const { members, aliases } = plan;
  if (members.length || aliases.length) {
    await tx.run(batchCreateMembers, {
      ids: column(members, (m) => m.id),
      names: column(members, (m) => m.displayName),
      seqs: column(members, (m) => m.seq),
      aliasIds: column(aliases, (m) => m.id),
      aliasNames: column(aliases, (m) => m.displayName),
      aliasSeqs: column(aliases, (m) => m.seq),
      aliasRoots: column(aliases, (m) => m.rootId),
    });
  }
  const created = plan.accounts.filter((a) => a.isNew);
  if (created.length) {
    const [{ linked }] = await tx.run(batchCreateAccounts, {
      ids: column(created, (a) => a.id),
      apps: column(created, (a) => a.app),
      externalIds: column(created, (a) => a.externalId),
      displayNames: column(created, (a) => a.displayName),
      nameInitials: column(created, (a) => a.nameInitials),
      birthDates: column(created, (a) => a.birthDate),
      cities: column(created, (a) => a.city),
      hashes: column(created, (a) => a.identifiers.map((i) => i.hash)),
      verified: column(created, (a) => a.verified),
      memberIds: column(created, (a) => a.memberId),
      methods: column(created, (a) => a.link?.method ?? null),
      confidences: column(created, (a) => a.link?.confidence ?? null),
      rules: column(created, (a) => a.link?.rules ?? []),
      evidence: column(created, (a) => a.link?.evidence ?? null),
      purposes,
    });
    if (linked !== created.length) throw new StaleBatchError(`${created.length - (linked as number)} new accounts lost their member while the batch was being decided`);
  }
  const updated = plan.accounts.filter((a) => !a.isNew);
  if (updated.length) {
    await tx.run(batchUpdateAccounts, {
      accounts: updated.map((a) => ({
        id: a.id,
        displayName: a.displayName,
        nameInitials: a.nameInitials,
        birthDate: a.birthDate,
        city: a.city,
        hashes: a.identifiers.map((i) => i.hash),
        verified: a.verified,
        memberId: a.memberId,
        link: a.link,
      })),
      purposes,
    });
  }
  if (plan.merges.length) await tx.run(mergeMembersStatement, { merges: plan.merges });
  if (plan.reviews.length) await tx.run(batchRecordReviews, { reviews: plan.reviews });
  // A review between two accounts that the batch then joined in one member is settled by that link (matchAccount does
  // the same per account): the members that gained an account by a match or a merge.
  const joined = [...new Set([...plan.accounts.flatMap((a) => (a.memberId && a.link && !a.link.rules.includes('NEW_MEMBER') ? [a.memberId] : [])), ...plan.merges.map((m) => m.survivorId)])];
  if (joined.length) await tx.run(batchResolveJoinedReviews, { memberIds: joined });
  if (plan.events.length) await tx.run(batchRecordAuditEvents, { events: plan.events });
}
