import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { startTestApi, TestApi } from '../support/api';
import { bearer, TEST_SECRET, token } from '../support/tokens';

let prod: TestApi;
let admin: Record<string, string>;

beforeAll(async () => {
  prod = await startTestApi({
    NODE_ENV: 'production',
    AUTH_JWT_SECRET: TEST_SECRET,
    IDENTIFIER_HASH_KEY: 'hardening-test-key-0123456789',
    RATE_LIMIT_PER_TOKEN: '0',
    RATE_LIMIT_PER_IP: '0',
  });
  admin = bearer(await token({ role: 'admin', sub: 'ops' }, { expiresIn: '10m' }));
});
afterAll(() => prod.stop());

const codeOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

describe('production hardening', () => {
  it('has no introspection', async () => {
    const res = await prod.gql('{ __schema { types { name } } }', undefined, admin);
    expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives no field suggestions', async () => {
    const res = await prod.gql('{ membr(id: "x") { id } }', undefined, admin);
    expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0].message).not.toMatch(/Did you mean/);
  });

  it('serves no IDE', async () => {
    const page = await fetch(prod.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
  });

  const nested = (depth: number) => {
    let q = 'id';
    for (let i = 0; i < depth; i++) q = `member { accounts { ${q} } }`;
    return `{ account(ref: {app: "TAOBAO", externalId: "x"}) { ${q} } }`;
  };

  it.each([
    ['depth', nested(6)],
    ['aliases', `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: brands(first: 1) { id }`).join(' ')} }`],
    ['directives', `{ brands(first: 1) { id ${'@include(if: true) '.repeat(11)} } }`],
    ['cost', '{ reviewQueue(first: 500) { id score account { id externalId app { code } } candidate { id externalId app { code } } hits { rule weight detail } } }'],
  ])('refuses a query over the %s limit without telling the limit', async (_limit, query) => {
    const res = await prod.gql(query, undefined, admin);
    expect(res.status).toBe(400);
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.errors)).not.toMatch(/\b(10|15|5000)\b/);
  });

  it('refuses a document over the token limit as a parse error', async () => {
    const query = `{ brands(first: 1) { ${'id '.repeat(1200)} } }`;
    const res = await prod.gql(query, undefined, admin);
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.errors![0].message).not.toMatch(/1000/);
  });

  it('answers the queries the project itself sends, within every limit', async () => {
    const res = await prod.gql(
      'query($id: ID!) { member(id: $id) { id displayName loyaltyScore accounts { id app { code scenario } externalId identifiers { kind masked } link { method confidence rules } } benefits { eligible reasons benefit { id name } } } }',
      { id: 'nobody' },
      admin,
    );
    expect(res.errors).toBeUndefined();
  });

  it('limits batches', async () => {
    const op = { query: '{ brands(first: 1) { id } }' };
    const ok = await fetch(prod.url, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify([op, op]) });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as unknown[]).length).toBe(2);
    const tooMany = await fetch(prod.url, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify(Array(11).fill(op)) });
    expect(tooMany.status).toBe(400);
    const body = (await tooMany.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BATCH_LIMIT');
    expect(body.errors[0].message).not.toMatch(/10/);
  });

  it('supports automatic persisted queries', async () => {
    const query = '{ brands(first: 2) { id name } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const post = (body: unknown) => fetch(prod.url, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    expect((await post({ extensions })).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post({ query, extensions })).data.brands).toHaveLength(2);
    expect((await post({ extensions })).data.brands).toHaveLength(2);
  });

  it('masks unexpected errors: no stack, no Cypher, no database text', async () => {
    const res = await prod.gql('{ brands(first: 1) { id } }', undefined, { authorization: 'Bearer not-a-jwt' });
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res)).not.toMatch(/stack|at .*\.js|MATCH|Neo4j/i);
  });
});

describe('rate limits', () => {
  it('refuses a token past its requests a minute with 429 and Retry-After', async () => {
    const limited = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, RATE_LIMIT_PER_TOKEN: '5', RATE_LIMIT_PER_IP: '1000' });
    try {
      const me = bearer(await token({ role: 'analyst', sub: 'busy' }));
      const other = bearer(await token({ role: 'analyst', sub: 'calm' }));
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await limited.gql('{ brands(first: 1) { id } }', undefined, me)).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const res = await fetch(limited.url, { method: 'POST', headers: { 'content-type': 'application/json', ...me }, body: JSON.stringify({ query: '{ brands(first: 1) { id } }' }) });
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      expect((await limited.gql('{ brands(first: 1) { id } }', undefined, other)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('refuses an IP past its requests a minute', async () => {
    const limited = await startTestApi({ RATE_LIMIT_PER_IP: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.gql('{ __typename }')).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await limited.stop();
    }
  });
});

describe('fuzzing', () => {
  const fragments = ['{', '}', '(', ')', 'member', 'account', 'ref:', 'id:', '"x"', '$v', 'query', 'mutation', 'upsertAccount', '...', '@include', 'first:', '-1', '99999999999', '\\u0000', 'brands', 'accounts', 'app:'];

  it('never answers a random document or variables with a 5xx or a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 25 }),
        fc.jsonValue({ maxDepth: 3 }),
        async (parts, variables) => {
          const res = await fetch(prod.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...admin },
            body: JSON.stringify({ query: parts.join(' '), variables: typeof variables === 'object' && variables !== null && !Array.isArray(variables) ? variables : { v: variables } }),
          });
          expect(res.status).toBeLessThan(500);
          const text = await res.text();
          expect(text).not.toMatch(/\n\s+at |stacktrace/);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('never answers random variables of a real operation with a 5xx', async () => {
    const query = 'mutation($input: AccountInput!) { upsertAccount(input: $input) { decision } }';
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          app: fc.oneof(fc.constantFrom('TAOBAO', 'ELEME', 'NOPE'), fc.string()),
          externalId: fc.string({ maxLength: 300 }),
          birthDate: fc.option(fc.string(), { nil: undefined }),
          identifiers: fc.array(fc.record({ kind: fc.constantFrom('PHONE', 'EMAIL', 'DEVICE_ID', 'PAYMENT_ID', 'ID_DOCUMENT', 'FAX'), value: fc.string({ maxLength: 40 }) }), { maxLength: 4 }),
        }),
        async (input) => {
          const res = await prod.gql(query, { input }, admin);
          expect(res.status).toBeLessThan(500);
          for (const e of res.errors ?? []) expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});
