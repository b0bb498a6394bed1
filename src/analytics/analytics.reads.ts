import { ConcurrencyGate } from '../platform/concurrency.gate';
import { AppError, ErrorCode } from '../platform/errors';
import { boundedRead, BoundedTx } from '../platform/neo4j/bounded.read';
import { Database } from '../platform/neo4j/database';
import { AnalyticsConfig } from './analytics.config';
import { AnalyticsErrorCode, tooExpensive } from './analytics.errors';

/** What an analytics read needs: the database and the configuration of the request. */
export interface AnalyticsEnv {
  db: Database;
  config: AnalyticsConfig & { neo4j: { database: string } };
}

// One gate per database handle: every request of the process shares it.
const gates = new WeakMap<Database, ConcurrencyGate>();

// Each analytics statement keeps one Neo4j worker thread busy for up to seconds; on a small machine two at once
// would take every core from the identity paths, so by default one runs at a time and a few wait.
export function analyticsGate(maxRunning: number, maxQueued: number): ConcurrencyGate {
  return new ConcurrencyGate(maxRunning, maxQueued, () => new AppError(AnalyticsErrorCode.ANALYTICS_BUSY, 'Too many analytics questions are running; retry in a moment'));
}

function gateOf({ db, config }: AnalyticsEnv): ConcurrencyGate {
  let gate = gates.get(db);
  if (!gate) {
    gate = analyticsGate(config.analytics.maxConcurrent, config.analytics.maxQueued);
    gates.set(db, gate);
  }
  return gate;
}

/**
 * Runs an analyst's question: through the process's analytics gate, in one read transaction with the analytics
 * timeout, every statement checked against the planner's estimate first. Running past the timeout is answered like
 * an estimate over budget: the question is too expensive, not the database broken.
 */
export function analyticsRead<T>(env: AnalyticsEnv, name: string, work: (tx: BoundedTx) => Promise<T>): Promise<T> {
  const { analytics } = env.config;
  return gateOf(env).run(async () => {
    try {
      return await boundedRead(
        env.db,
        env.config.neo4j.database,
        {
          name,
          timeoutMs: analytics.queryTimeoutMs,
          maxEstimatedRows: analytics.maxEstimatedRows,
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
  });
}
