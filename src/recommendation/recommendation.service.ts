import DataLoader from 'dataloader';
import { requireApp } from '../identity/app.registry';
import { AppError, notFound } from '../platform/errors';
import { Database } from '../platform/neo4j/database';
import { requireFirst } from '../platform/page';
import { SignalSeed, signalProblem } from './catalog.seed';
import { Evidence, rank, Ranked } from './ranking.rules';
import { RecommendationConfig } from './recommendation.config';
import { RecommendationErrorCode } from './recommendation.errors';
import { evidenceParams, readEvidence, removeSignal, setSignal } from './recommendation.repository';
import { CrossAppSignal, Recommendation } from './recommendation.type';

export const MAX_RECOMMENDATIONS = 100;

export interface RecommendOptions {
  now: Date;
  /** Only the asked app's own history: the single-app baseline of the benchmark. */
  sameAppOnly?: boolean;
}

export function toRecommendation(r: Ranked): Recommendation {
  return {
    id: r.item.id,
    title: r.item.title,
    app: requireApp(r.item.app),
    score: r.score,
    reason: r.reason,
    publicReason: r.publicReason,
    category: r.item.category,
    price: r.item.price,
    brandId: r.item.brandId,
    signals: r.signals,
  };
}

export interface RecommendationKey {
  memberId: string;
  app: string;
  first: number;
}

/**
 * Ranks recommendations for many (member, app, first) keys with one statement per app: NOT_FOUND for a member that is
 * not there. Arguments are checked before (checkRecommendationArgs).
 */
export async function recommendMany(
  db: Database,
  config: RecommendationConfig['recommendation'],
  keys: readonly RecommendationKey[],
  options: RecommendOptions,
): Promise<(Recommendation[] | Error)[]> {
  const apps = [...new Set(keys.map((k) => k.app))];
  const byApp = new Map<string, Map<string, Evidence>>();
  await Promise.all(
    apps.map(async (app) => {
      const forApp = keys.filter((k) => k.app === app);
      const first = Math.max(...forApp.map((k) => k.first));
      const memberIds = [...new Set(forApp.map((k) => k.memberId))];
      byApp.set(app, await readEvidence(db, evidenceParams(memberIds, app, options.now, options.sameAppOnly ?? false, first)));
    }),
  );
  return keys.map((key) => {
    const evidence = byApp.get(key.app)!.get(key.memberId);
    if (!evidence) return notFound(`Member ${key.memberId}`);
    return rank(evidence, { app: key.app, now: options.now, first: key.first, discountBoost: config.discountBoostPercent / 100 }).map(toRecommendation);
  });
}

/** UNKNOWN_APP for an app code not in the registry, BAD_USER_INPUT for first outside 1..100. */
export function checkRecommendationArgs(app: string, first: number): void {
  requireApp(app);
  requireFirst(first, MAX_RECOMMENDATIONS);
}

/** One request's loader: the recommendations of every member a response lists, one statement per app. */
export function createRecommendationLoader(db: Database, config: RecommendationConfig['recommendation'], options: RecommendOptions) {
  return new DataLoader<RecommendationKey, Recommendation[], string>((keys) => recommendMany(db, config, keys, options), {
    cacheKeyFn: (k) => `${k.memberId}|${k.app}|${k.first}`,
  });
}

/** The member's recommendations on `app`, best first. */
export async function recommend(
  db: Database,
  config: RecommendationConfig['recommendation'],
  memberId: string,
  app: string,
  first: number,
  options: RecommendOptions,
): Promise<Recommendation[]> {
  checkRecommendationArgs(app, first);
  const [answer] = await recommendMany(db, config, [{ memberId, app, first }], options);
  if (answer instanceof Error) throw answer;
  return answer;
}

function requireValidSignal(signal: SignalSeed): void {
  const problem = signalProblem(signal);
  if (problem) throw new AppError(RecommendationErrorCode.INVALID_SIGNAL, `Invalid cross-app signal: ${problem}`);
}

export async function saveSignal(db: Database, signal: SignalSeed): Promise<CrossAppSignal> {
  requireValidSignal(signal);
  return setSignal(db, signal);
}

export async function deleteSignal(db: Database, key: Pick<SignalSeed, 'fromApp' | 'fromCategory' | 'toApp' | 'toCategory'>): Promise<boolean> {
  requireValidSignal({ ...key, weight: 1, windowDays: 1, halfLifeDays: 1 });
  return removeSignal(db, key);
}
