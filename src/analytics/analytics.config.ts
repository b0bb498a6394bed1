import { Env, int } from '../platform/config';

/** What the analytics domain reads from the environment: how much of the database one analyst's question may take. */
export interface AnalyticsConfig {
  analytics: {
    /** Timeout of every analytics statement. */
    queryTimeoutMs: number;
    /** The most rows the planner may expect one analytics statement to touch (EXPLAIN); above it, refused. */
    maxEstimatedRows: number;
    /** How long a statement's estimate is trusted for parameters of the same shape before the planner is asked again; 0: every time. */
    estimateTtlMs: number;
    /**
     * Statements the planner expects to produce at least this many rows wait for the gate; cheaper ones run at once.
     * 0 (the default): every statement waits, because the planner's estimates of the analytics statements are far below
     * their work (a year's funnel of the top brand is estimated at 49 rows; BENCHMARKS.md §8).
     */
    gatedRows: number;
    /** Heavy analytics statements running at once in this process, and waiting for one to finish; past both, refused. */
    maxConcurrent: number;
    maxQueued: number;
    /** Members a page of an export (POST /export/segment): one bounded read, and one rate point, each. */
    exportPage: number;
    /** The longest time window of a funnel or a leaderboard. */
    maxWindowDays: number;
  };
}

export function loadAnalyticsConfig(env: Env): AnalyticsConfig {
  return {
    analytics: {
      queryTimeoutMs: int(env, 'ANALYTICS_QUERY_TIMEOUT_MS', 20_000, 100, 600_000),
      maxEstimatedRows: int(env, 'ANALYTICS_MAX_ESTIMATED_ROWS', 100_000_000, 1, 10_000_000_000),
      estimateTtlMs: int(env, 'ANALYTICS_ESTIMATE_TTL_MS', 60_000, 0, 3_600_000),
      gatedRows: int(env, 'ANALYTICS_GATED_ROWS', 0, 0, 10_000_000_000),
      maxConcurrent: int(env, 'ANALYTICS_MAX_CONCURRENT', 1, 1, 64),
      maxQueued: int(env, 'ANALYTICS_MAX_QUEUED', 8, 0, 1000),
      exportPage: int(env, 'ANALYTICS_EXPORT_PAGE', 5_000, 100, 100_000),
      maxWindowDays: int(env, 'ANALYTICS_MAX_WINDOW_DAYS', 400, 1, 3660),
    },
  };
}
