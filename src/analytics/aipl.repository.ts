import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt } from '../platform/neo4j/database';
import { BoundedTx } from '../platform/neo4j/bounded.read';
import { AiplStage, AWARENESS_EVENTS, GOOD_REVIEW_RATING, INTEREST_EVENTS, STAGE_BY_LEVEL } from './aipl.rules';
import { Window } from './analytics.window';

type RuleParams = 'awareness' | 'interest' | 'goodRating';
const funnelStatement = statement<Named<'brandId' | 'from' | 'to' | RuleParams>, { scope: 'MEMBER' | 'ACCOUNT' | 'STORE'; app: string | null; level: number; n: number }>(
  'analytics/aipl-funnel',
  ['brandId', 'from', 'to', 'awareness', 'interest', 'goodRating'],
);
const flowStatement = statement<Named<'brandId' | 'from' | 'to' | 'nextFrom' | 'nextTo' | RuleParams>, { before: number | null; after: number | null; members: number }>(
  'analytics/aipl-flow',
  ['brandId', 'from', 'to', 'nextFrom', 'nextTo', 'awareness', 'interest', 'goodRating'],
);

const RULES = { awareness: AWARENESS_EVENTS, interest: INTEREST_EVENTS, goodRating: cypherInt(GOOD_REVIEW_RATING) };

export interface StageCounts {
  members: Map<AiplStage, number>;
  accounts: Map<AiplStage, number>;
}

export interface FunnelCounts {
  whole: StageCounts;
  byApp: Map<string, StageCounts>;
}

const emptyCounts = (): StageCounts => ({ members: new Map(), accounts: new Map() });

/** The funnel of a brand over a window: whole brand and per app, members and accounts per stage. */
export async function readFunnel(tx: BoundedTx, brandId: string, window: Window): Promise<FunnelCounts> {
  const rows = await tx.run(funnelStatement, { brandId, ...window, ...RULES });
  const whole = emptyCounts();
  const byApp = new Map<string, StageCounts>();
  const app = (code: string) => byApp.get(code) ?? byApp.set(code, emptyCounts()).get(code)!;
  const add = (counts: Map<AiplStage, number>, stage: AiplStage, n: number) => counts.set(stage, (counts.get(stage) ?? 0) + n);
  for (const row of rows) {
    const stage = STAGE_BY_LEVEL[row.level];
    if (!stage) continue;
    if (row.scope === 'MEMBER') add(whole.members, stage, row.n);
    else if (row.scope === 'ACCOUNT') {
      add(whole.accounts, stage, row.n);
      add(app(row.app!).accounts, stage, row.n);
    } else add(app(row.app!).members, stage, row.n);
  }
  return { whole, byApp };
}

/** Members by (stage in the first window, stage in the second), each member once. */
export async function readFlow(tx: BoundedTx, brandId: string, first: Window, second: Window) {
  const rows = await tx.run(flowStatement, { brandId, ...first, nextFrom: second.from, nextTo: second.to, ...RULES });
  return rows.map((r) => ({ before: r.before == null ? null : STAGE_BY_LEVEL[r.before], after: r.after == null ? null : STAGE_BY_LEVEL[r.after], members: r.members }));
}
