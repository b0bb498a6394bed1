import { listBrands } from '../catalog/brand.repository';
import { notFound } from '../platform/errors';
import { requireFirst } from '../platform/page';
import { AnalyticsContext } from './analytics.context';
import { analyticsRead } from './analytics.reads';
import { windowOf } from './analytics.window';
import { readMetric } from './leaderboard.repository';
import { MemberOpsMetric, rank } from './leaderboard.rules';
import { LeaderboardEntry } from './leaderboard.type';

/** The most brands one industry's leaderboard ranks. */
const MAX_BRANDS = 1000;

/** Ranks an industry's brands on one metric over [from, to), with each brand's stores. */
export async function leaderboard(context: AnalyticsContext, metric: MemberOpsMetric, industry: string, from: Date, to: Date, first: number): Promise<LeaderboardEntry[]> {
  const size = requireFirst(first, 100);
  const window = windowOf(from, to, context.now, context.config.analytics.maxWindowDays);
  const brands = await listBrands(context.db, industry, MAX_BRANDS);
  if (!brands.length) throw notFound(`Industry "${industry.slice(0, 60)}" (no brand has it)`);
  const values = await analyticsRead(context, 'leaderboard', (tx) => readMetric(tx, metric, brands.map((b) => b.id), window));
  const ranked = rank(brands.map((b) => ({ id: b.id, name: b.name, value: values.get(b.id)!.whole, brand: b })), size);
  return ranked.map((entry) => ({
    rank: entry.rank,
    brand: entry.brand,
    value: entry.value,
    stores: rank(entry.brand.stores.map((s) => ({ id: s.id, name: s.app, value: values.get(entry.brand.id)!.byApp.get(s.app) ?? 0, store: s })), entry.brand.stores.length || 1).map(
      (s) => ({ store: s.store, value: s.value, rank: s.rank }),
    ),
  }));
}
