import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { buildSchema, parse } from 'graphql';
import { ConcurrencyGate } from '../../src/platform/concurrency.gate';
import { HttpError } from '../../src/platform/http/http.error';
import { operationCost } from '../../src/platform/http/operation.cost';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { RateLimits } from '../../src/platform/http/rate.limits';
import { startHttpServer } from '../../src/platform/http/server';
import { logger } from '../../src/platform/logger';
import { codeOf, startTestApi, TestApi, testConfig, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { bearer, TEST_SECRET, token } from '../support/tokens';

let prod: TestApi;
let admin: Record<string, string>;

beforeAll(async () => {
  prod = await startTestApi({
    NODE_ENV: 'production',
    AUTH_JWT_SECRET: TEST_SECRET,
    IDENTIFIER_HASH_KEY: 'hardening-test-key-0123456789-abcdefXYZ',
    RATE_LIMIT_PER_TOKEN: '0',
    RATE_LIMIT_PER_IP: '0',
  });
  admin = bearer(await token({ role: 'admin', sub: 'ops' }, { expiresIn: '10m' }));
});
afterAll(() => prod.stop());


/** POSTs a body (one operation or a batch) as JSON and returns the status and the parsed answer. */
async function post(api: TestApi, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

/** A member with accounts on five apps, each with a phone and an email: a profile worth amplifying. */
async function richMember(api: TestApi, headers: Record<string, string> = {}): Promise<string> {
  const phone = uniquePhone();
  let memberId = '';
  for (const app of ['TAOBAO', 'TMALL', 'ELEME', 'FLIGGY', 'YOUKU']) {
    const input = { app, externalId: unique(app.toLowerCase()), identifiers: [{ kind: 'PHONE', value: phone }, { kind: 'EMAIL', value: `${unique('e')}@example.com` }] };
    const res = await api.gql(UPSERT_MEMBER, { input }, headers);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    memberId = res.data!.upsertAccount.member.id;
  }
  return memberId;
}

/** A nested member profile (cost about 700: five accounts, the benefit catalog, the audit trail's default 50). */
const PROFILE = `fragment Profile on Member { id displayName loyaltyScore annualSpend accounts { id externalId displayName app { code name scenario external } identifiers { kind masked } link { method confidence rules linkedAt } } benefits { eligible reasons remainingUses benefit { id name program scenario value valueUnit usageLimit period app { code name } } } auditTrail { id type at rules } }`;
const profiles = (aliases: number) => `query($id: ID!) { ${Array.from({ length: aliases }, (_, i) => `m${i}: member(id: $id) { ...Profile }`).join(' ')} } ${PROFILE}`;
const QUEUE = 'query($n: Int!) { reviewQueue(first: $n) { id score account { id externalId app { code } } candidate { id externalId app { code } } hits { rule weight detail } } }';

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

  it('masks unexpected errors: no stack, no Cypher, no database text (regression: this test raised no unexpected error)', async () => {
    // A resolver that fails the way a driver or a bug does: a plain Error whose message carries Cypher and a stack.
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          boom: {
            type: GraphQLString,
            resolve: () => {
              throw new Error('Neo4jError: Invalid input at MATCH (m:Member {id: $id}) RETURN m.phone\n    at Object.run (database.js:42:7)');
            },
          },
        },
      }),
    });
    const config = testConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: TEST_SECRET, IDENTIFIER_HASH_KEY: 'hardening-test-key-0123456789-abcdefXYZ' });
    const silent = logger.child({}, { level: 'silent' });
    const server = await startHttpServer({
      schema, port: 0, host: '127.0.0.1', bodyLimitBytes: 10_000, log: silent, production: true, limits: config.limits,
      rateLimits: new RateLimits(config.limits), ready: async () => true,
      authenticate: async () => ({ key: 'test' }),
      context: () => ({ log: silent }),
    });
    try {
      const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ boom }' }) });
      const body = (await res.json()) as any;
      expect(body.errors).toEqual([{ message: 'Internal server error', path: ['boom'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.js|MATCH|Neo4j|phone/i);
    } finally {
      await server.stop();
    }
  });
});

describe('cost with variables (bug: `first: $n` with n = 500 passed the cost limit that refuses `first: 500`)', () => {
  it('refuses a list size given in a variable like the same size written in the query', async () => {
    const big = await prod.gql(QUEUE, { n: 500 }, admin);
    expect(big.status).toBe(400);
    expect(codeOf(big)).toBe('COST_LIMIT');
    expect(JSON.stringify(big.errors)).not.toMatch(/\d{3,}/);
    const small = await prod.gql(QUEUE, { n: 5 }, admin);
    expect(small.status).toBe(200);
    expect(small.errors).toBeUndefined();
  });

  it('costs a persisted query with the variables of each use', async () => {
    const sha256Hash = createHash('sha256').update(QUEUE).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    expect((await post(prod, { query: QUEUE, variables: { n: 5 }, extensions }, admin)).json.errors).toBeUndefined();
    const big = await post(prod, { variables: { n: 500 }, extensions }, admin);
    expect(big.status).toBe(400);
    expect(big.json.errors[0].extensions.code).toBe('COST_LIMIT');
    const bigOverGet = await fetch(`${prod.url}?extensions=${encodeURIComponent(JSON.stringify(extensions))}&variables=${encodeURIComponent('{"n":500}')}`, { headers: admin });
    expect(bigOverGet.status).toBe(400);
    expect(((await bigOverGet.json()) as any).errors[0].extensions.code).toBe('COST_LIMIT');
  });

  it('counts the default size of a list argument, so leaving `first` out is not free', async () => {
    // auditTrail(first: Int! = 50): 13 aliases of it cost 1 + 13 × (1 + 50 × 8), past 5,000; with first: 1, 118.
    const trail = (first: string) => `query($id: ID!) { member(id: $id) { ${Array.from({ length: 13 }, (_, i) => `a${i}: auditTrail${first} { id type at rules evidenceKinds survivorId memberIds accountId }`).join(' ')} } }`;
    expect(codeOf(await prod.gql(trail(''), { id: 'nobody' }, admin))).toBe('COST_LIMIT');
    expect((await prod.gql(trail('(first: 1)'), { id: 'nobody' }, admin)).errors).toBeUndefined();
  });
});

describe('the work of one HTTP request is bounded as a whole (bug: batch × aliases × cost returned 4.8 MB and blocked the event loop)', () => {
  let memberId: string;
  beforeAll(async () => {
    memberId = await richMember(prod, admin);
  });

  it('refuses a batch whose operations cost too much together, before running any of them', async () => {
    const setScore = { query: 'mutation($id: ID!) { setLoyaltyScore(memberId: $id, score: 777) { id } }', variables: { id: memberId } };
    // Each operation (3 profiles, about 2,100) is within GRAPHQL_MAX_COST; the ten of them are not within GRAPHQL_MAX_REQUEST_COST.
    const read = { query: profiles(3), variables: { id: memberId } };
    const res = await post(prod, [setScore, ...Array(9).fill(read)], admin);
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('REQUEST_COST_LIMIT');
    expect(JSON.stringify(res.json)).not.toMatch(/\d{4,}/);
    const after = await prod.gql('query($id: ID!) { member(id: $id) { loyaltyScore } }', { id: memberId }, admin);
    expect(after.data!.member.loyaltyScore).not.toBe(777);
    // The same operations, fewer of them, run.
    const fewer = await post(prod, [read, read], admin);
    expect(fewer.status).toBe(200);
    expect(fewer.json).toHaveLength(2);
    expect(fewer.json[1].data.m2.accounts).toHaveLength(5);
  });

  it('keeps /healthz answering within a second while heavy requests are in flight', async () => {
    const base = prod.url.replace(/\/graphql$/, '');
    // The report's request: 10 operations of 15 profiles each (each within the old cost limit); refused at once now.
    const attack = JSON.stringify(Array(10).fill({ query: profiles(15), variables: { id: memberId } }));
    const allowed = JSON.stringify([{ query: profiles(7), variables: { id: memberId } }, { query: profiles(7), variables: { id: memberId } }]);
    const send = (body: string) =>
      fetch(prod.url, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body }).then(async (res) => ({ status: res.status, body: await res.text() }));
    let inFlight = true;
    const heavy = Promise.all([send(attack), send(attack), send(attack), send(allowed), send(allowed), send(allowed)]).finally(() => {
      inFlight = false;
    });
    const latencies: number[] = [];
    do {
      const started = Date.now();
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      latencies.push(Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } while (inFlight);
    const answers = await heavy;
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([400, 400, 400]);
    expect(answers[0].body).toContain('COST_LIMIT');
    expect(answers.slice(3).map((a) => a.status)).toEqual([200, 200, 200]);
  }, 60_000);

  it('withholds a response over GRAPHQL_MAX_RESPONSE_BYTES with RESPONSE_TOO_LARGE', async () => {
    const small = await startTestApi({ GRAPHQL_MAX_RESPONSE_BYTES: '1024' });
    try {
      const res = await small.gql(`{ ${['a', 'b', 'c'].map((a) => `${a}: brands(first: 50) { id name industry participatesIn }`).join(' ')} }`);
      expect(res.status).toBe(400);
      expect(codeOf(res)).toBe('RESPONSE_TOO_LARGE');
      expect(res.data).toBeUndefined();
      expect((await small.gql('{ brands(first: 1) { id } }')).errors).toBeUndefined();
    } finally {
      await small.stop();
    }
  });
});

describe('operation cost, computed before validation', () => {
  const schema = buildSchema('type Query { items(first: Int): [Item!]! } type Mutation { write: Boolean } type Item { name: String items(first: Int): [Item!]! }');
  const nested = (levels: number) => {
    let selection = 'name';
    for (let i = 0; i < levels; i++) selection = `items(first: 2147483647) { ${selection} }`;
    return selection;
  };

  it('cannot be turned into NaN (which compares as within every limit) by an empty list over an overflowing one', () => {
    expect(operationCost(schema, parse(`{ ${nested(40)} }`), undefined, {})!.cost).toBe(Infinity);
    expect(operationCost(schema, parse(`{ items(first: 0) { ${nested(40)} } }`), undefined, {})!.cost).toBe(1);
  });

  it('takes linear time over fragments that spread the next one twice, forty deep', () => {
    const chain = (type: string, leaf: string) =>
      Array.from({ length: 40 }, (_, i) => `fragment F${i} on ${type} { ...F${i + 1} ...F${i + 1} }`).join(' ') + ` fragment F40 on ${type} { ${leaf} }`;
    const started = Date.now();
    const read = operationCost(schema, parse(`{ ...F0 } ${chain('Query', 'items(first: 1) { name }')}`), undefined, {})!;
    const write = operationCost(schema, parse(`mutation { ...F0 } ${chain('Mutation', 'write')}`), undefined, {})!;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(read.cost).toBe(2 ** 41);
    expect(write.rootFields).toBe(2 ** 40);
  });
});

describe('concurrency gate', () => {
  it('runs at most maxRunning at once, queues up to maxQueued in order, and refuses past that with 503 SERVER_BUSY', async () => {
    const gate = new ConcurrencyGate(2, 2, () => new HttpError(503, 'SERVER_BUSY', 'busy'));
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const finish = new Map<number, () => void>();
    const work = (id: number) => () =>
      new Promise<number>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        started.push(id);
        finish.set(id, () => {
          running -= 1;
          resolve(id);
        });
      });
    const until = async (condition: () => boolean) => {
      for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const runs = [1, 2, 3, 4].map((id) => gate.run(work(id)));
    const refused = await gate.run(work(5)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ status: 503, code: 'SERVER_BUSY' });
    await until(() => started.length === 2);
    expect(started).toEqual([1, 2]);
    expect(gate.load).toEqual({ running: 2, waiting: 2 });
    finish.get(2)!();
    await until(() => started.length === 3);
    expect(started).toEqual([1, 2, 3]);
    finish.get(1)!();
    finish.get(3)!();
    await until(() => started.length === 4);
    finish.get(4)!();
    expect(await Promise.all(runs)).toEqual([1, 2, 3, 4]);
    expect(started).toEqual([1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
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

  it('counts every operation of a batch, not the HTTP request (bug: one batched request stored 153 events)', async () => {
    const limited = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, RATE_LIMIT_PER_TOKEN: '8', RATE_LIMIT_PER_IP: '0' });
    try {
      const me = bearer(await token({ role: 'analyst', sub: unique('batcher') }));
      const op = { query: '{ brands(first: 1) { id } }' };
      expect((await post(limited, Array(8).fill(op), me)).status).toBe(200);
      const next = await post(limited, op, me);
      expect(next.status).toBe(429);
      expect(next.json.errors[0].extensions.code).toBe('RATE_LIMITED');
      const tooMany = bearer(await token({ role: 'analyst', sub: unique('batcher') }));
      expect((await post(limited, Array(9).fill(op), tooMany)).status).toBe(429);
    } finally {
      await limited.stop();
    }
  });

  it('weighs each root field of a mutation as 5 points, aliases included', async () => {
    const limited = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, RATE_LIMIT_PER_TOKEN: '12', RATE_LIMIT_PER_IP: '0' });
    try {
      const write = 'mutation { setLoyaltyScore(memberId: "nobody", score: 5) { id } }';
      const writer = bearer(await token({ role: 'admin', sub: unique('writer') }));
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.gql(write, undefined, writer)).status);
      expect(statuses.slice(0, 2)).not.toContain(429);
      expect(statuses[2]).toBe(429);
      const aliased = bearer(await token({ role: 'admin', sub: unique('writer') }));
      const three = `mutation { ${['a', 'b', 'c'].map((a) => `${a}: setLoyaltyScore(memberId: "nobody", score: 5) { id }`).join(' ')} }`;
      expect((await limited.gql(three, undefined, aliased)).status).toBe(429);
      const reader = bearer(await token({ role: 'admin', sub: unique('reader') }));
      for (let i = 0; i < 12; i++) expect((await limited.gql('{ brands(first: 1) { id } }', undefined, reader)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('counts the operations of a batch against the IP too', async () => {
    const limited = await startTestApi({ RATE_LIMIT_PER_IP: '5', RATE_LIMIT_PER_TOKEN: '0' });
    try {
      const res = await post(limited, Array(6).fill({ query: '{ __typename }' }));
      expect(res.status).toBe(429);
      expect(res.json.errors[0].extensions.code).toBe('RATE_LIMITED');
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
