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

/** The Prometheus exposition of every metric, with the content type to serve it under. */
export async function metricsExposition(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
