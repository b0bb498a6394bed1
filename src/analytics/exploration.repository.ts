import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt } from '../platform/neo4j/database';
import { BoundedTx } from '../platform/neo4j/bounded.read';
import { EXPLORED_LABELS, EXPLORED_RELATIONSHIPS, RawNode, startKeys } from './exploration.rules';

type LevelRow = { from: string; rid: string; type: string; source: string; node: RawNode };
type PathEdge = { source: string; target: string; type: string; method: string | null; confidence: number | null; rules: string[] | null; evidence: string | null };

const startStatement = statement<Named<'id' | 'tag' | 'event'>, { node: RawNode }>('analytics/graph-start', ['id', 'tag', 'event']);
const levelStatement = statement<Named<'frontier' | 'types' | 'labels' | 'perNode'>, LevelRow>('analytics/graph-level', ['frontier', 'types', 'labels', 'perNode']);
const pathStatement = statement<Named<'a' | 'b'>, { nodes: RawNode[]; edges: PathEdge[] }>('analytics/account-path', ['a', 'b']);
const idsByRefStatement = statement<Named<'aApp' | 'aExternalId' | 'bApp' | 'bExternalId'>, { a: string | null; b: string | null }>('analytics/account-ids-by-ref', [
  'aApp',
  'aExternalId',
  'bApp',
  'bExternalId',
]);

export async function findStart(tx: BoundedTx, id: string): Promise<RawNode | null> {
  return (await tx.run(startStatement, startKeys(id)))[0]?.node ?? null;
}

/** Up to `perNode` neighbours of each frontier node, over the explored relationships and labels. */
export function expandLevel(tx: BoundedTx, frontier: string[], perNode: number): Promise<LevelRow[]> {
  return tx.run(levelStatement, { frontier, types: EXPLORED_RELATIONSHIPS, labels: EXPLORED_LABELS, perNode: cypherInt(perNode) });
}

/** The shortest chain between two accounts given by id, or null. */
export async function accountPath(tx: BoundedTx, a: string, b: string) {
  return (await tx.run(pathStatement, { a, b }))[0] ?? null;
}

/** The ids of two accounts given by app and external id (null for an unknown one). */
export async function accountIdsByRef(tx: BoundedTx, a: { app: string; externalId: string }, b: { app: string; externalId: string }) {
  const [row] = await tx.run(idsByRefStatement, { aApp: a.app, aExternalId: a.externalId, bApp: b.app, bExternalId: b.externalId });
  return row;
}
