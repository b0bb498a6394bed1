import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Our own registry rather than prom-client's global one: registering a metric twice in the global one throws,
// and a module is loaded once per process however many servers it starts.
const registry = new Registry();
collectDefaultMetrics({ register: registry });

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const graphqlDuration = new Histogram({
  name: 'graphql_request_duration_seconds',
  help: 'GraphQL request latency, from receipt to response, by operation name and type',
  labelNames: ['operation', 'type'] as const,
  buckets: SECONDS,
  registers: [registry],
});

const graphqlErrors = new Counter({
  name: 'graphql_errors_total',
  help: 'Errors in GraphQL responses, by extensions.code',
  labelNames: ['code'] as const,
  registers: [registry],
});

const transactionDuration = new Histogram({
  name: 'neo4j_transaction_duration_seconds',
  help: 'Neo4j managed transaction latency, retries included, by access mode, transaction name and outcome',
  labelNames: ['mode', 'name', 'outcome'] as const,
  buckets: SECONDS,
  registers: [registry],
});

const httpRequests = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by route and status',
  labelNames: ['route', 'status'] as const,
  registers: [registry],
});

const ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);

/**
 * Distinct operation names that get their own series; later names share "other". Names are chosen by clients,
 * and every name is a histogram of 16 series kept until the process ends, so without a bound any caller could
 * grow the exposition (and Prometheus) without end.
 */
export const MAX_OPERATION_LABELS = 100;
const operationLabels = new Set<string>();

function operationLabel(name: string): string {
  if (operationLabels.has(name)) return name;
  if (operationLabels.size >= MAX_OPERATION_LABELS) return 'other';
  operationLabels.add(name);
  return name;
}

/**
 * Records one GraphQL request. `operation` is the name of an operation that parsed and validated ("anonymous" when
 * it has none), or undefined when none did: those share the label "invalid". Type is query, mutation,
 * subscription or unknown.
 */
export function observeGraphQLRequest(operation: string | undefined, type: string, seconds: number): void {
  graphqlDuration.observe({ operation: operation === undefined ? 'invalid' : operationLabel(operation), type }, seconds);
}

/** Counts one error sent to a client under its extensions.code. */
export function countGraphQLError(code: string): void {
  graphqlErrors.inc({ code });
}

/** Records one managed transaction (or schema statement) under its name. */
export function observeTransaction(mode: 'read' | 'write', name: string, outcome: 'ok' | 'error', seconds: number): void {
  transactionDuration.observe({ mode, name, outcome }, seconds);
}

/** Counts one answered HTTP request; paths outside the known routes share "other" so labels stay bounded. */
export function countHttpRequest(pathname: string, status: number): void {
  httpRequests.inc({ route: ROUTES.has(pathname) ? pathname : 'other', status: String(status) });
}

/** What an in-process cache reports at each scrape (the identity cache: identity/identity.cache.ts). */
export interface CacheReport {
  hits: number;
  misses: number;
  /** Lookups sent to the database because the cache was not known to be fresh enough. */
  behind: number;
  entries: number;
  bytes: number;
  /** Seconds since the cache last caught up with every change (Infinity before it first did). */
  lagSeconds: number;
}

// Every cache of the process (tests run two API instances in one), summed at each scrape.
const caches = new Set<() => CacheReport>();
const reports = (): CacheReport[] => [...caches].map((report) => report());
const sum = (pick: (r: CacheReport) => number): number => reports().reduce((total, r) => total + pick(r), 0);

new Gauge({
  name: 'identity_cache_lookups',
  help: 'Lookups of the identity cache since start, by result: hit, miss (read from the database, then cached), behind (the cache had not caught up with the outbox within IDENTITY_CACHE_MAX_STALENESS_MS: read from the database)',
  labelNames: ['result'] as const,
  registers: [registry],
  collect() {
    this.set({ result: 'hit' }, sum((r) => r.hits));
    this.set({ result: 'miss' }, sum((r) => r.misses));
    this.set({ result: 'behind' }, sum((r) => r.behind));
  },
});

new Gauge({
  name: 'identity_cache_hit_ratio',
  help: 'Share of identity cache lookups answered from memory since start (0 before any lookup)',
  registers: [registry],
  collect() {
    const lookups = sum((r) => r.hits + r.misses + r.behind);
    this.set(lookups ? sum((r) => r.hits) / lookups : 0);
  },
});

new Gauge({
  name: 'identity_cache_bytes',
  help: 'Estimated bytes of account identities the identity cache holds (bounded by IDENTITY_CACHE_MB)',
  registers: [registry],
  collect() {
    this.set(sum((r) => r.bytes));
  },
});

new Gauge({
  name: 'identity_cache_entries',
  help: 'Accounts the identity cache holds',
  registers: [registry],
  collect() {
    this.set(sum((r) => r.entries));
  },
});

new Gauge({
  name: 'identity_cache_lag_seconds',
  help: 'Seconds since the identity cache last read every app\'s changes to their end: a cached answer misses no change committed before then, and none is given past IDENTITY_CACHE_MAX_STALENESS_MS',
  registers: [registry],
  collect() {
    const lags = reports().map((r) => r.lagSeconds);
    this.set(lags.length ? Math.min(Math.max(...lags), 1e9) : 0);
  },
});

const cacheStaleness = new Histogram({
  name: 'identity_cache_staleness_seconds',
  help: 'For each change another instance made: from its transaction time to this instance forgetting what it changed (an upper bound of how long a cached answer could lag behind it)',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 2.5, 5, 10],
  registers: [registry],
});

/** Reports a cache at every scrape until the returned function is called. */
export function reportCache(report: () => CacheReport): () => void {
  caches.add(report);
  return () => caches.delete(report);
}

/** Records how long after a change's transaction the identity cache forgot what it changed. */
export function observeCacheStaleness(seconds: number): void {
  cacheStaleness.observe(Math.max(0, seconds));
}

/** The Prometheus exposition of every metric, with the content type to serve it under. */
export async function metricsExposition(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
