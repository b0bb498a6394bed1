import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

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

/** Records one GraphQL request; operation is the operation name or "anonymous", type query/mutation/subscription. */
export function observeGraphQLRequest(operation: string, type: string, seconds: number): void {
  graphqlDuration.observe({ operation, type }, seconds);
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

/** The Prometheus exposition of every metric, with the content type to serve it under. */
export async function metricsExposition(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
