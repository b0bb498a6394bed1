import { Named, statement } from '../platform/neo4j/cypher';
import { BoundedTx } from '../platform/neo4j/bounded.read';
import { Window } from './analytics.window';
import { MemberOpsMetric, PROPAGATION_EVENTS } from './leaderboard.rules';

type Row = { brandId: string; app: string | null; value: number };
const WINDOW = ['brandIds', 'from', 'to'] as const;
// RECRUITMENT and FIRST_PURCHASE read the brand summaries the event writes keep (AccountBrand); the other two still
// read events (what they need, every purchase or share in the window, is not in a first/last summary).
const STATEMENTS = {
  [MemberOpsMetric.RECRUITMENT]: statement<Named<(typeof WINDOW)[number]>, Row>('analytics/leaderboard-recruitment-summary', [...WINDOW]),
  [MemberOpsMetric.FIRST_PURCHASE]: statement<Named<(typeof WINDOW)[number]>, Row>('analytics/leaderboard-first-purchase-summary', [...WINDOW]),
  [MemberOpsMetric.REPURCHASE]: statement<Named<(typeof WINDOW)[number]>, Row>('analytics/leaderboard-repurchase', [...WINDOW]),
};
const propagation = statement<Named<(typeof WINDOW)[number] | 'kinds'>, Row>('analytics/leaderboard-propagation', [...WINDOW, 'kinds']);

/** Per brand: the whole-brand value and each app's, of one metric over a window. */
export async function readMetric(tx: BoundedTx, metric: MemberOpsMetric, brandIds: string[], window: Window): Promise<Map<string, { whole: number; byApp: Map<string, number> }>> {
  const rows =
    metric === MemberOpsMetric.PROPAGATION
      ? await tx.run(propagation, { brandIds, ...window, kinds: PROPAGATION_EVENTS })
      : await tx.run(STATEMENTS[metric], { brandIds, ...window });
  const out = new Map(brandIds.map((id) => [id, { whole: 0, byApp: new Map<string, number>() }]));
  for (const row of rows) {
    const brand = out.get(row.brandId)!;
    if (row.app === null) brand.whole = row.value;
    else brand.byApp.set(row.app, row.value);
  }
  return out;
}
