import { AppError } from '../platform/errors';
import { hasGraphDataScience } from '../platform/neo4j/graph.plugins';
import { requireFirst } from '../platform/page';
import { AnalyticsContext } from './analytics.context';
import { AnalyticsErrorCode, tooExpensive } from './analytics.errors';
import { analyticsRead } from './analytics.reads';
import { windowOf } from './analytics.window';
import { requireBrand } from './aipl.service';
import { scorePropagation } from './propagation.repository';
import { communitiesOf, MAX_PROPAGATION_MEMBERS } from './propagation.rules';
import { PropagationReport } from './propagation.type';

const PER_COMMUNITY = 3;

/**
 * Communities (Louvain) and influencers (PageRank) of the members who passed a brand on in [from, to). Needs Graph
 * Data Science: graph algorithms are the library's job, so without it the question is refused with GDS_UNAVAILABLE.
 */
export async function brandPropagation(context: AnalyticsContext, brandId: string, from: Date | null, to: Date | null, first: number): Promise<PropagationReport> {
  const size = requireFirst(first, 100);
  const window = windowOf(from, to, context.now, context.config.analytics.maxWindowDays);
  const brand = await requireBrand(context, brandId);
  if (!(await hasGraphDataScience(context.db))) {
    throw new AppError(AnalyticsErrorCode.GDS_UNAVAILABLE, 'Communities and influencers need the Graph Data Science library, which this Neo4j has not loaded (the embedded one has it; see README, Recommendations)');
  }
  const { rows, links } = await analyticsRead(context, 'brandPropagation', (tx) =>
    scorePropagation(tx, brand.id, window, (nodes) => {
      if (nodes > MAX_PROPAGATION_MEMBERS) {
        throw tooExpensive(`This brand's propagation graph holds ${nodes.toLocaleString('en-US')} members, over ${MAX_PROPAGATION_MEMBERS.toLocaleString('en-US')}`, { reason: 'SIZE', members: nodes, budget: MAX_PROPAGATION_MEMBERS });
      }
    }),
    { alwaysGated: true },
  );
  const { communities, influencers } = communitiesOf(rows, size, PER_COMMUNITY);
  return { brand, from: new Date(window.from), to: new Date(window.to), engine: 'gds', members: rows.length, links, communities, influencers };
}
