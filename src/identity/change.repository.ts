import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Row } from '../platform/neo4j/database';
import { AppError, badInput } from '../platform/errors';
import { IdentityChange, IdentityChangeKind } from './change.type';
import { IdentityErrorCode } from './identity.errors';

const lastChangeOffset = statement<Named<'app'>>('identity/last-change-offset', ['app']);
const changesAfter = statement<Named<'app' | 'after' | 'first'>>('identity/changes-after', ['app', 'after', 'first']);
const pruneChangesStatement = statement<Named<'app' | 'cutoff' | 'batch'>>('identity/prune-changes', ['app', 'cutoff', 'batch']);

export const MAX_CHANGES_READ = 1000;

/** An `after` cursor: an offset this API gave out (a non-negative integer), or none for the beginning. */
export function parseOffset(after: string | null | undefined): number {
  if (after === null || after === undefined || after === '') return 0;
  if (!/^\d{1,15}$/.test(after)) throw badInput('after must be an offset of a change (a non-negative integer)', 'after');
  return Number(after);
}

export function toChange(row: Row): IdentityChange {
  const app = row.app as string;
  return Object.assign(new IdentityChange(), {
    offset: String(row.offset),
    kind: row.kind as IdentityChangeKind,
    at: row.at as Date,
    memberId: (row.memberId as string | null) ?? null,
    accounts: (row.accounts as string[]).map((externalId) => ({ app, externalId })),
    mergedMemberIds: row.mergedMemberIds as string[],
  });
}

/** The error of a reader whose offset is older than the retention: the changes after it are gone in part. */
export function changesExpired(app: string, after: number, pruned: number): AppError {
  return new AppError(
    IdentityErrorCode.CHANGES_EXPIRED,
    `The ${app} changes after offset ${after} up to ${pruned} have expired (IDENTITY_CHANGES_RETENTION_DAYS): resynchronize your copy (resolveIdentity) and read on with after: "${pruned}"`,
    { resumeAfter: String(pruned) },
  );
}

/**
 * The changes concerning an app's accounts after an offset, oldest first, at most `first`; CHANGES_EXPIRED when some
 * after `after` were deleted by the retention, so that no reader skips changes without knowing it.
 */
export async function readChanges(db: Database, app: string, after: number, first: number): Promise<IdentityChange[]> {
  const [row] = await db.readOne(changesAfter, { app, after: cypherInt(after), first: cypherInt(first) });
  const pruned = Number(row.pruned);
  if (after < pruned) throw changesExpired(app, after, pruned);
  return (row.changes as Row[]).map(toChange);
}

/** Most changes one prune transaction deletes: it holds the app's sequence, so writers of the app wait for it. */
const PRUNE_BATCH = 1000;

/** Deletes an app's changes recorded before `cutoff`, oldest first, in short transactions; answers how many. */
export async function pruneChanges(db: Database, app: string, cutoff: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const [row] = await db.writeOne(pruneChangesStatement, { app, cutoff: cutoff.toISOString(), batch: cypherInt(PRUNE_BATCH) });
    const batch = row ? Number(row.deleted) : 0;
    deleted += batch;
    if (batch < PRUNE_BATCH) return deleted;
  }
}

/** The offset of an app's newest change committed: where a reader that wants only what comes next starts. */
export async function lastOffset(db: Database, app: string): Promise<number> {
  const [row] = await db.readOne(lastChangeOffset, { app });
  return Number(row.last);
}
