import { randomUUID } from 'node:crypto';
import { Named, statement } from '../platform/neo4j/cypher';
import { BoundedTx } from '../platform/neo4j/bounded.read';
import { Window } from './analytics.window';
import { PASSED_ON_EVENTS, PropagationRow } from './propagation.rules';

const project = statement<Named<'graph' | 'brandId' | 'from' | 'to' | 'kinds'>, { nodes: number; relationships: number }>('analytics/propagation-project', ['graph', 'brandId', 'from', 'to', 'kinds']);
const analyse = statement<Named<'graph'>, PropagationRow>('analytics/propagation-analyse', ['graph']);
const drop = statement<Named<'graph'>>('platform/gds-graph-drop', ['graph']);

/**
 * Projects a brand's propagation graph into GDS, scores it and drops it again, in the caller's bounded read
 * transaction. `allow` sees the projection's size first and may refuse it. Returns no rows when nobody passed the
 * brand on in the window.
 */
export async function scorePropagation(tx: BoundedTx, brandId: string, window: Window, allow: (nodes: number) => void): Promise<{ rows: PropagationRow[]; links: number }> {
  const graph = `propagation-${randomUUID()}`;
  try {
    // Over no rows the aggregation may still answer, with nothing in it.
    const [projected] = await tx.run(project, { graph, brandId, ...window, kinds: [...PASSED_ON_EVENTS] });
    if (!projected?.nodes) return { rows: [], links: 0 };
    allow(projected.nodes);
    return { rows: await tx.run(analyse, { graph }), links: projected.relationships };
  } finally {
    await tx.run(drop, { graph });
  }
}
