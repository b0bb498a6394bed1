import { ConcurrencyGate } from '../platform/concurrency.gate';
import { AppError, ErrorCode } from '../platform/errors';
import { boundedRead, BoundedTx } from '../platform/neo4j/bounded.read';
import { Database } from '../platform/neo4j/database';
import { EstimateCache } from '../platform/neo4j/estimate.cache';
import { AnalyticsConfig } from './analytics.config';
import { AnalyticsErrorCode, tooExpensive } from './analytics.errors';

/** What an analytics read needs: the database and the configuration of the request. */
export interface AnalyticsEnv {
  db: Database;
  config: AnalyticsConfig & { neo4j: { database: string } };
}

// One gate and one cache of estimates per database handle: every request of the process shares them (keyed by
// their settings too, so a process serving two configurations, as the benchmarks do, keeps them apart).
const shared = new WeakMap<Database, Map<string, { gate: ConcurrencyGate; estimates: EstimateCache }>>();

/**
 * A heavy analytics statement keeps a Neo4j worker thread busy for up to seconds; on a small machine too many at once
 * take every core from the identity paths, so ANALYTICS_MAX_CONCURRENT run at once (BENCHMARKS.md §6 measured how many
 * keep resolveIdentity's median within 1.2× of idle) and a few wait.
 */
export function analyticsGate(maxRunning: number, maxQueued: number): ConcurrencyGate {
  return new ConcurrencyGate(maxRunning, maxQueued, () => new AppError(AnalyticsErrorCode.ANALYTICS_BUSY, 'Too many analytics questions are running; retry in a moment'));
}

function sharedOf({ db, config }: AnalyticsEnv): { gate: ConcurrencyGate; estimates: EstimateCache } {
  const { maxConcurrent, maxQueued, estimateTtlMs } = config.analytics;
  const byDb = shared.get(db) ?? shared.set(db, new Map()).get(db)!;
  const key = `${maxConcurrent}/${maxQueued}/${estimateTtlMs}`;
  let found = byDb.get(key);
  if (!found) {
    found = { gate: analyticsGate(maxConcurrent, maxQueued), estimates: new EstimateCache(estimateTtlMs) };
    byDb.set(key, found);
  }
  return found;
}

export interface AnalyticsReadOptions {
  /** Every statement takes a slot of the gate, whatever its estimate (GDS procedures: the planner cannot see their work). */
  alwaysGated?: boolean;
}

/**
 * Runs an analyst's question: each statement checked against the planner's estimate first (cached by statement and
 * parameter shape for ANALYTICS_ESTIMATE_TTL_MS), run with the analytics timeout, and, when the planner expects at
 * least ANALYTICS_GATED_ROWS rows of it, in a slot of the process's analytics gate. Running past the timeout is
 * answered like an estimate over budget: the question is too expensive, not the database broken.
 */
export async function analyticsRead<T>(env: AnalyticsEnv, name: string, work: (tx: BoundedTx) => Promise<T>, options: AnalyticsReadOptions = {}): Promise<T> {
  const { analytics } = env.config;
  const { gate, estimates } = sharedOf(env);
  try {
    return await boundedRead(
      env.db,
      {
        name,
        timeoutMs: analytics.queryTimeoutMs,
        maxEstimatedRows: analytics.maxEstimatedRows,
        estimates,
        gate,
        gatedRows: options.alwaysGated ? 0 : analytics.gatedRows,
        refuse: (_statement, rows) =>
          tooExpensive(`This question would touch about ${Math.round(rows).toLocaleString('en-US')} rows, over the budget of ${analytics.maxEstimatedRows.toLocaleString('en-US')}`, {
            reason: 'ESTIMATE',
            estimatedRows: Math.round(rows),
            budget: analytics.maxEstimatedRows,
          }),
      },
      work,
    );
  } catch (error) {
    if (error instanceof AppError && error.extensions.code === ErrorCode.TIMEOUT) {
      throw tooExpensive(`This question ran past ${analytics.queryTimeoutMs} ms and was stopped`, { reason: 'TIMEOUT', timeoutMs: analytics.queryTimeoutMs });
    }
    throw error;
  }
}
