import { Env, int } from '../platform/config';

/** What the analytics domain reads from the environment: how much of the database one analyst's question may take. */
export interface AnalyticsConfig {
  analytics: {
    /** Timeout of every analytics read transaction. */
    queryTimeoutMs: number;
    /** The most rows the planner may expect one analytics statement to touch (EXPLAIN); above it, refused. */
    maxEstimatedRows: number;
    /** Analytics transactions running at once in this process, and waiting for one to finish; past both, refused. */
    maxConcurrent: number;
    maxQueued: number;
    /** The longest time window of a funnel or a leaderboard. */
    maxWindowDays: number;
  };
}

export function loadAnalyticsConfig(env: Env): AnalyticsConfig {
  return {
    analytics: {
      queryTimeoutMs: int(env, 'ANALYTICS_QUERY_TIMEOUT_MS', 20_000, 100, 600_000),
      maxEstimatedRows: int(env, 'ANALYTICS_MAX_ESTIMATED_ROWS', 100_000_000, 1, 10_000_000_000),
      maxConcurrent: int(env, 'ANALYTICS_MAX_CONCURRENT', 1, 1, 64),
      maxQueued: int(env, 'ANALYTICS_MAX_QUEUED', 8, 0, 1000),
      maxWindowDays: int(env, 'ANALYTICS_MAX_WINDOW_DAYS', 400, 1, 3660),
    },
  };
}
