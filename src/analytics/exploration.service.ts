import { AccountRef } from '../identity/account.input';
import { validateRef } from '../identity/account.validate';
import { AppError, badInput, ErrorCode, notFound } from '../platform/errors';
import { AnalyticsEnv, analyticsRead } from './analytics.reads';
import { captions, evidenceOf, isHub, MAX_DEPTH, MAX_NODES, publicId, RawNode } from './exploration.rules';
import { BoundedTx } from '../platform/neo4j/bounded.read';
import { accountIdsByRef, accountPath, expandLevel, findStart } from './exploration.repository';
import { GraphEdge, GraphNode, GraphPath, Subgraph } from './exploration.type';

const toNode = (raw: RawNode, hub = false): GraphNode => {
  const { caption, masked } = captions(raw);
  const count = hub && !raw.labels.includes('Identifier') ? ` (${raw.degree ?? 0} links)` : '';
  return { id: publicId(raw), labels: [...raw.labels].sort(), caption: caption + count, maskedCaption: masked + count, degree: raw.degree ?? null, hub };
};

/**
 * The graph around a node, breadth first: one statement per level, each node's neighbours capped so a busy node (a
 * brand with millions of events, a tag on half the members) costs at most the limit. Stops at `limit` nodes; says
 * truncated when the limit or a cap left neighbours out. Hubs (isHub) reached on the way are shown, counted, and not gone
 * through: a depth-2 neighbourhood of a member is its own graph, not every member of its app's tag.
 */
export async function neighborhood(env: AnalyticsEnv, id: string, depth: number, limit: number): Promise<Subgraph> {
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) throw badInput(`depth must be from 1 to ${MAX_DEPTH}`, 'depth');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NODES) throw badInput(`limit must be from 1 to ${MAX_NODES}`, 'limit');
  return analyticsRead(env, 'neighborhood', async (tx) => {
    const start = await findStart(tx, id);
    if (!start) throw notFound(`Node ${id}`);
    const nodes = new Map<string, GraphNode>([[start.eid, toNode(start)]]);
    const edges = new Map<string, { source: string; target: string; type: string }>();
    let truncated = false;
    let frontier = [start.eid];
    for (let level = 1; level <= depth && frontier.length; level++) {
      const perNode = limit - nodes.size + 1;
      const rows = await expandLevel(tx, frontier, perNode);
      const perFrom = new Map<string, number>();
      const next: string[] = [];
      for (const row of rows) {
        perFrom.set(row.from, (perFrom.get(row.from) ?? 0) + 1);
        if (!nodes.has(row.node.eid)) {
          if (nodes.size >= limit) {
            truncated = true;
            continue;
          }
          const hub = isHub(row.node);
          nodes.set(row.node.eid, toNode(row.node, hub));
          if (!hub) next.push(row.node.eid);
        }
        const target = row.source === row.from ? row.node.eid : row.from;
        edges.set(row.rid, { source: row.source, target, type: row.type });
      }
      if ([...perFrom.values()].some((n) => n >= perNode)) truncated = true;
      frontier = next;
    }
    return {
      nodes: [...nodes.values()],
      edges: [...edges.values()].map((e) => ({ source: nodes.get(e.source)!.id, target: nodes.get(e.target)!.id, type: e.type })),
      truncated,
    };
  });
}

/** The shortest chain between two accounts, with what each link is evidence of; null when there is none, NOT_FOUND when an account does not exist. */
export async function shortestPath(env: AnalyticsEnv, a: AccountRef, b: AccountRef): Promise<GraphPath | null> {
  const refA = validateRef(a);
  const refB = validateRef(b);
  return analyticsRead(env, 'shortestPath', async (tx) => {
    const ids = await accountIdsByRef(tx, refA, refB);
    // An account that does not exist is NOT_FOUND, naming it; two that exist with no chain between them, null.
    const [idA, idB] = [ids?.a ?? null, ids?.b ?? null];
    for (const [arg, ref, id] of [['a', refA, idA], ['b', refB, idB]] as const) {
      if (!id) throw new AppError(ErrorCode.NOT_FOUND, `Account ${ref.app} ${ref.externalId} (${arg}) was not found`, { field: arg });
    }
    return pathBetween(tx, idA!, idB!);
  });
}

/** shortestPath for two accounts given by id (analysts read external ids masked, and name accounts by id). */
export async function shortestPathByIds(env: AnalyticsEnv, a: string, b: string): Promise<GraphPath | null> {
  if (!a.trim() || !b.trim()) throw badInput('a and b must be account ids', a.trim() ? 'b' : 'a');
  return analyticsRead(env, 'shortestPath', (tx) => pathBetween(tx, a, b));
}

async function pathBetween(tx: BoundedTx, a: string, b: string): Promise<GraphPath | null> {
  const found = await accountPath(tx, a, b);
  if (!found) return null;
  const byEid = new Map(found.nodes.map((n) => [n.eid, n]));
  const edges: GraphEdge[] = found.edges.map((e) => ({
    source: publicId(byEid.get(e.source)!),
    target: publicId(byEid.get(e.target)!),
    type: e.type,
    evidence: evidenceOf(e, e.type === 'HAS_IDENTIFIER' ? byEid.get(e.target) : undefined),
  }));
  return { length: edges.length, nodes: found.nodes.map((n) => toNode(n)), edges };
}
