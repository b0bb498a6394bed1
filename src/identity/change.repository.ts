import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Row } from '../platform/neo4j/database';
import { badInput } from '../platform/errors';
import { IdentityChange, IdentityChangeKind } from './change.type';

const lastChangeOffset = statement<Named<'app'>>('identity/last-change-offset', ['app']);
const changesAfter = statement<Named<'app' | 'after' | 'first'>>('identity/changes-after', ['app', 'after', 'first']);

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

/** The changes concerning an app's accounts after an offset, oldest first, at most `first`. */
export async function readChanges(db: Database, app: string, after: number, first: number): Promise<IdentityChange[]> {
  const rows = await db.readOne(changesAfter, { app, after: cypherInt(after), first: cypherInt(first) });
  return rows.map((r) => toChange(r.change as Row));
}

/** The offset of an app's newest change committed: where a reader that wants only what comes next starts. */
export async function lastOffset(db: Database, app: string): Promise<number> {
  const [row] = await db.readOne(lastChangeOffset, { app });
  return Number(row.last);
}
