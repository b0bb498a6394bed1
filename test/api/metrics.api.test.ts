import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { metricsPlugin, RequestScope } from '../../src/platform/http/metrics.plugin';
import { MAX_OPERATION_LABELS } from '../../src/platform/metrics';
import { freePort } from '../../src/platform/ports';
import { startTestApi, TestApi, unique } from '../support/api';
import { TEST_SECRET } from '../support/tokens';

let api: TestApi;
let base: string;
beforeAll(async () => {
  api = await startTestApi();
  base = api.url.replace(/\/graphql$/, '');
});
afterAll(() => api.stop());

/** Sums the samples of one metric whose labels include the given ones. */
function sample(exposition: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) total += Number(match[3]);
  }
  return total;
}

async function scrape(): Promise<string> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

describe('GET /metrics', () => {
  it('exposes request latency by operation, errors by code, transaction latency and HTTP requests', async () => {
    const ok = await api.gql(`query MetricsProbe($id: String!) { account(ref: {app: "TAOBAO", externalId: $id}) { id } }`, { id: unique('nobody') });
    expect(ok.errors).toBeUndefined();
    const failed = await api.gql(`query MetricsUnknownApp { account(ref: {app: "NOPE", externalId: "x"}) { id } }`);
    expect(failed.errors?.[0].extensions?.code).toBe('UNKNOWN_APP');
    await fetch(`${base}/healthz`);

    const text = await scrape();
    expect(text).toContain('# TYPE graphql_request_duration_seconds histogram');
    expect(sample(text, 'graphql_request_duration_seconds_count', { operation: 'MetricsProbe', type: 'query' })).toBe(1);
    expect(sample(text, 'graphql_request_duration_seconds_bucket', { operation: 'MetricsProbe', le: '10' })).toBe(1);
    expect(sample(text, 'graphql_request_duration_seconds_count', { operation: 'MetricsUnknownApp' })).toBe(1);
    expect(sample(text, 'graphql_errors_total', { code: 'UNKNOWN_APP' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'neo4j_transaction_duration_seconds_count', { mode: 'read', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_requests_total', { route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'http_requests_total', { route: '/healthz', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('counts unknown paths under one route, so labels stay bounded', async () => {
    await fetch(`${base}/no-such-path-${unique()}`);
    await scrape();
    const text = await scrape();
    expect(sample(text, 'http_requests_total', { route: 'other', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_requests_total', { route: '/metrics', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('no-such-path');
  });
});

describe('operation labels (bug: client-chosen operation names made 3,200 new series from 200 requests)', () => {
  const labels = (text: string) =>
    new Set([...text.matchAll(/^graphql_request_duration_seconds_count\{[^}]*operation="((?:[^"\\]|\\.)*)"/gm)].map((m) => m[1]));

  it('labels only operations that parsed and validated', async () => {
    const name = `Junk_${unique().replace(/-/g, '_')}`;
    expect((await api.gql(`query ${name} { noSuchField }`)).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await api.gql(`query ${name}_broken { `)).errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const text = await scrape();
    expect(text).not.toContain(name);
    expect(sample(text, 'graphql_request_duration_seconds_count', { operation: 'invalid' })).toBeGreaterThanOrEqual(2);
  });

  it(`gives at most ${MAX_OPERATION_LABELS} distinct names their own series; the rest share "other"`, async () => {
    const names = Array.from({ length: MAX_OPERATION_LABELS + 20 }, (_, i) => `Made_up_${i}_${unique().replace(/-/g, '_')}`);
    for (const name of names) expect((await api.gql(`query ${name} { __typename }`)).errors).toBeUndefined();
    const text = await scrape();
    const seen = labels(text);
    expect(seen.size).toBeLessThanOrEqual(MAX_OPERATION_LABELS + 3);
    expect(seen).toContain('other');
    expect(names.filter((name) => seen.has(name)).length).toBeLessThan(names.length);
    expect(sample(text, 'graphql_request_duration_seconds_count', { operation: 'other' })).toBeGreaterThanOrEqual(20);
  });
});

describe('who may scrape /metrics (bug: open to anyone)', () => {
  const scrapeAt = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });
  const METRICS_TOKEN = 'metrics-token-0123456789-abcdefghijkl';
  const prodEnv = { NODE_ENV: 'production', AUTH_JWT_SECRET: TEST_SECRET, IDENTIFIER_HASH_KEY: 'metrics-test-key-0123456789-abcdefXYZ' };

  it('is not served on the public port in production without METRICS_TOKEN or METRICS_PORT', async () => {
    const prod = await startTestApi(prodEnv);
    try {
      const res = await scrapeAt(prod.url.replace(/\/graphql$/, '/metrics'));
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('graphql_request_duration_seconds');
    } finally {
      await prod.stop();
    }
  });

  it('needs Authorization: Bearer METRICS_TOKEN when one is set', async () => {
    const prod = await startTestApi({ ...prodEnv, METRICS_TOKEN });
    try {
      const url = prod.url.replace(/\/graphql$/, '/metrics');
      const none = await scrapeAt(url);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await none.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await scrapeAt(url, { authorization: `Bearer ${METRICS_TOKEN}x` })).status).toBe(401);
      expect((await scrapeAt(url, { authorization: METRICS_TOKEN })).status).toBe(401);
      const ok = await scrapeAt(url, { authorization: `Bearer ${METRICS_TOKEN}` });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('http_requests_total');
    } finally {
      await prod.stop();
    }
  });

  it('is served on METRICS_PORT of 127.0.0.1, and then not on the public port', async () => {
    const port = await freePort();
    const prod = await startTestApi({ ...prodEnv, METRICS_PORT: String(port) });
    try {
      const local = await scrapeAt(`http://127.0.0.1:${port}/metrics`);
      expect(local.status).toBe(200);
      expect(await local.text()).toContain('http_requests_total');
      expect((await scrapeAt(`http://127.0.0.1:${port}/graphql`)).status).toBe(404);
      expect((await scrapeAt(prod.url.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
    } finally {
      await prod.stop();
    }
    // Stopping the API stops the metrics listener too.
    await expect(scrapeAt(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});

describe('the request log', () => {
  it('writes one line per request with the request id, operation, duration and error codes, never the variables', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) }).child({ requestId: 'req-log-1' });
    const server = new ApolloServer<RequestScope>({
      typeDefs: 'type Query { echo(text: String!): String, refuse(text: String!): String }',
      resolvers: {
        Query: {
          echo: (_: unknown, args: { text: string }) => args.text,
          refuse: () => {
            throw new GraphQLError('no', { extensions: { code: 'UNKNOWN_APP' } });
          },
        },
      },
      plugins: [metricsPlugin<RequestScope>()],
    });
    await server.start();
    try {
      const secret = '13800138000';
      await server.executeOperation({ query: 'query Echo($t: String!) { echo(text: $t) }', variables: { t: secret } }, { contextValue: { log } });
      await server.executeOperation({ query: 'query Refuse($t: String!) { refuse(text: $t) }', variables: { t: secret } }, { contextValue: { log } });

      expect(lines).toHaveLength(2);
      for (const line of lines) expect(line).not.toContain(secret);
      const [echo, refuse] = lines.map((line) => JSON.parse(line));
      expect(echo).toMatchObject({ level: 30, requestId: 'req-log-1', operationName: 'Echo', operationType: 'query', errorCodes: [] });
      expect(typeof echo.durationMs).toBe('number');
      expect(refuse).toMatchObject({ requestId: 'req-log-1', operationName: 'Refuse', errorCodes: ['UNKNOWN_APP'] });
    } finally {
      await server.stop();
    }
  });
});
