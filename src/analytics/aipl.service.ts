import { Brand } from '../catalog/brand.type';
import { notFound } from '../platform/errors';
import { AnalyticsContext } from './analytics.context';
import { analyticsRead } from './analytics.reads';
import { windowOf } from './analytics.window';
import { AiplStage } from './aipl.rules';
import { readFlow, readFunnel, StageCounts } from './aipl.repository';
import { AiplCount, AiplFunnel, AiplTransition } from './aipl.type';

const STAGES = [AiplStage.AWARENESS, AiplStage.INTEREST, AiplStage.PURCHASE, AiplStage.LOYALTY];

const stagesOf = (counts: StageCounts): AiplCount[] =>
  STAGES.map((stage) => ({ stage, members: counts.members.get(stage) ?? 0, accounts: counts.accounts.get(stage) ?? 0 }));

export async function requireBrand(context: AnalyticsContext, brandId: string): Promise<Brand> {
  const brand = await context.loaders.brandById.load(brandId);
  if (!brand) throw notFound(`Brand ${brandId}`);
  return brand;
}

/** A brand's funnel over [from, to): whole brand and per app, members (identity-resolved) and accounts. */
export async function aiplFunnel(context: AnalyticsContext, brandId: string, from: Date | null, to: Date | null): Promise<AiplFunnel> {
  const window = windowOf(from, to, context.now, context.config.analytics.maxWindowDays);
  // The brand's check and the funnel go together (one round trip less); an unknown brand has an empty funnel, unused.
  const [brand, counts] = await Promise.all([requireBrand(context, brandId), analyticsRead(context, 'aiplFunnel', (tx) => readFunnel(tx, brandId, window))]);
  const stores = new Map(brand.stores.map((s) => [s.app, s]));
  const apps = [...new Set([...stores.keys(), ...counts.byApp.keys()])].sort();
  return {
    brand,
    from: new Date(window.from),
    to: new Date(window.to),
    stages: stagesOf(counts.whole),
    apps: apps.map((app) => ({ app, store: stores.get(app) ?? null, stages: stagesOf(counts.byApp.get(app) ?? { members: new Map(), accounts: new Map() }) })),
  };
}

/** How the members of a funnel's window moved to their stages in a second window, largest groups first. */
export async function aiplFlow(context: AnalyticsContext, funnel: AiplFunnel, from: Date, to: Date): Promise<AiplTransition[]> {
  const first = { from: funnel.from.toISOString(), to: funnel.to.toISOString() };
  const second = windowOf(from, to, context.now, context.config.analytics.maxWindowDays);
  const rows = await analyticsRead(context, 'aiplFlow', (tx) => readFlow(tx, funnel.brand.id, first, second));
  const order = (s: AiplStage | null) => (s ? STAGES.indexOf(s) : -1);
  return rows.sort((a, b) => b.members - a.members || order(a.before) - order(b.before) || order(a.after) - order(b.after));
}
