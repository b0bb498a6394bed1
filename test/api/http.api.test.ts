import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { formatError } from '../../src/platform/http/server';
import { logger } from '../../src/platform/logger';
import { startTestApi, TestApi } from '../support/api';

let api: TestApi;
let base: string;
beforeAll(async () => {
  api = await startTestApi({ BODY_LIMIT_BYTES: '4096' });
  base = api.url.replace(/\/graphql$/, '');
});
afterAll(() => api.stop());

describe('GraphQL over HTTP', () => {
  it('answers POST with application/graphql-response+json when asked for it', async () => {
    const res = await api.gql('{ __typename }');
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('application/graphql-response+json');
    expect(res.data).toEqual({ __typename: 'Query' });
  });

  it('answers GET queries', async () => {
    const query = encodeURIComponent('{ account(ref: {app: "TAOBAO", externalId: "nobody-get"}) { id } }');
    const res = await fetch(`${api.url}?query=${query}`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { account: null } });
  });

  it('refuses mutations over GET', async () => {
    const query = encodeURIComponent('mutation { upsertAccount(input: {app: "TAOBAO", externalId: "x", identifiers: []}) { decision } }');
    const res = await fetch(`${api.url}?query=${query}`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(405);
  });

  it('gives a coded 400 for a syntax error and for invalid JSON', async () => {
    const syntax = await api.gql('{ member(id: ');
    expect(syntax.status).toBe(400);
    expect(syntax.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const json = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it.each(['text/notjson', 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'application/graphql-response+json'])(
    'refuses a POST body sent as %s with 415 UNSUPPORTED_MEDIA_TYPE (bug: any type containing "json" was parsed as JSON)',
    async (contentType) => {
      const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(res.status).toBe(415);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it('refuses a POST without a content type with 415', async () => {
    const res = await fetch(api.url, { method: 'POST', body: new Uint8Array(Buffer.from('{"query": "{ __typename }"}')) });
    expect(res.status).toBe(415);
  });

  it('takes application/json with parameters such as a charset', async () => {
    const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'Application/JSON; charset=utf-8' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers a persisted query whose hash is not its sha256 with 400 PERSISTED_QUERY_HASH_MISMATCH, and logs no error', async () => {
    const errors = jest.spyOn(logger, 'error');
    try {
      const wrong = createHash('sha256').update('{ brands { id } }').digest('hex');
      const post = (extensions: unknown) =>
        fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }', extensions }) });
      const mismatch = await post({ persistedQuery: { version: 1, sha256Hash: wrong } });
      expect(mismatch.status).toBe(400);
      expect(((await mismatch.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
      const version = await post({ persistedQuery: { version: 2, sha256Hash: wrong } });
      expect(version.status).toBe(400);
      expect(((await version.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
      const notAHash = await post({ persistedQuery: { version: 1, sha256Hash: 'abc' } });
      expect(notAHash.status).toBe(400);
      expect(((await notAHash.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('answers a 4xx refusal that Apollo makes without a code as BAD_REQUEST, not as a logged internal error', () => {
    const log = { error: jest.fn() };
    const refusal = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    const formatted = formatError(log as never)({ message: refusal.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, refusal);
    expect(formatted).toEqual({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } });
    expect(log.error).not.toHaveBeenCalled();
    const bug = new Error('undefined is not a function');
    expect(formatError(log as never)({ message: bug.message }, bug).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(log.error).toHaveBeenCalledTimes(1);
  });

  it('refuses a body over BODY_LIMIT_BYTES with 413', async () => {
    const res = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(5000) } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('echoes a well-formed x-request-id and makes one up otherwise', async () => {
    const given = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'req-123' } });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const made = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('health and readiness', () => {
  it('/healthz says the process is alive and /readyz that the database answers', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; details: { recommendations: { engine: string } } };
    expect(body.status).toBe('ready');
    // Which collaborative engine runs: GDS in the embedded Neo4j, GDS or the Cypher fallback against NEO4J_URI.
    expect(body.details.recommendations.engine).toMatch(process.env.NEO4J_URI ? /^(gds|cypher)$/ : /^gds$/);
  });

  it('answers 404 with a code for unknown paths', async () => {
    const res = await fetch(`${base}/nothing-here`);
    expect(res.status).toBe(404);
  });
});

describe('GraphiQL', () => {
  it('serves the IDE to a browser from our own packages, loading nothing from another host', async () => {
    const page = await fetch(api.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const src of sources) {
      expect(src.startsWith('/graphiql/')).toBe(true);
      const asset = await fetch(`${base}${src}`);
      expect(asset.status).toBe(200);
      const body = await asset.text();
      expect(body.length).toBeGreaterThan(50);
    }
  });
});
