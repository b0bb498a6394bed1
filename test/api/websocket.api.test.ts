import WebSocket from 'ws';
import { logger } from '../../src/platform/logger';
import { startTestApi, TestApi, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { bearer, TEST_SECRET, token, unsignedToken } from '../support/tokens';
import { firstOutcome as first, Outcome, outcomeCodes as codes, wsClient as client } from '../support/websocket';

// Issue 28, points 1, 3 and 4: the WebSocket door (graphql-ws at /graphql). Each test failed on the code before the fix.

const PROTOCOL = 'graphql-transport-ws';
const SUB = 'subscription($app: String!, $after: ID) { identityChanges(app: $app, after: $after) { offset kind accounts { externalId } } }';
const base = (api: TestApi) => api.url.replace(/\/graphql$/, '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A bare graphql-ws socket: what it was sent, and how it closed. */
function rawSocket(api: TestApi, headers: Record<string, string> = {}) {
  const socket = new WebSocket(api.url.replace(/^http/, 'ws'), PROTOCOL, { headers });
  const messages: any[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages, closed, opened, send: (message: unknown) => socket.send(JSON.stringify(message)) };
}

describe('connecting: a socket authenticates in connection_init, or is closed there (28.1)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ NODE_ENV: 'production', AUTH_JWT_SECRET: TEST_SECRET, IDENTIFIER_HASH_KEY: 'websocket-test-key-0123456789-abcdefXYZ' });
  });
  afterAll(() => api.stop());

  it('closes a connection without a token with 4401, unacknowledged', async () => {
    const raw = rawSocket(api);
    await raw.opened;
    raw.send({ type: 'connection_init', payload: {} });
    expect((await raw.closed).code).toBe(4401);
    expect(raw.messages.map((m) => m.type)).not.toContain('connection_ack');
  });

  it.each([
    ['expired', () => token({ role: 'partner', app: 'ELEME' }, { expiresIn: Math.floor(Date.now() / 1000) - 10 })],
    ['unsigned (alg: none)', async () => unsignedToken({ role: 'admin' })],
    ['signed with another key', () => token({ role: 'admin' }, { secret: 'another-secret-that-is-also-32-characters-long!!' })],
    ['without a valid role', () => token({ role: 'root' })],
  ])('closes a connection whose token is %s with 4401, logged as one line and no stack (not 4500)', async (_label, make) => {
    const printed = jest.spyOn(console, 'error').mockImplementation(() => {});
    const logged = jest.spyOn(logger, 'info');
    try {
      const { ws, closes } = client(api, `Bearer ${await make()}`);
      const outcome = await first(ws, { query: SUB, variables: { app: 'ELEME' } });
      await ws.dispose();
      expect(outcome.closed).toBe(4401);
      expect(closes).toEqual([4401]);
      expect(printed).not.toHaveBeenCalled();
      expect(logged.mock.calls.filter(([fields]) => (fields as { code?: number })?.code === 4401)).toHaveLength(1);
    } finally {
      printed.mockRestore();
      logged.mockRestore();
    }
  });

  it('takes the token from the upgrade request\'s Authorization header too', async () => {
    const raw = rawSocket(api, bearer(await token({ role: 'partner', app: 'ELEME', sub: 'eleme-backend' })));
    await raw.opened;
    raw.send({ type: 'connection_init', payload: {} });
    for (let i = 0; i < 100 && !raw.messages.length; i++) await sleep(50);
    expect(raw.messages.map((m) => m.type)).toEqual(['connection_ack']);
    raw.socket.close();
  });

  it.each([
    ['a member', { role: 'member', sub: 'someone' }],
    ['an analyst', { role: 'analyst', sub: 'analyst-7' }],
  ])('closes %s (who may use no subscription) with 4403', async (_label, claims) => {
    const { ws } = client(api, `Bearer ${await token(claims)}`);
    const outcome = await first(ws, { query: SUB, variables: { app: 'ELEME' } });
    await ws.dispose();
    expect(outcome.closed).toBe(4403);
  });

  it('never parses what an unauthenticated socket sends: ten 1 MB documents close it 4401 while /healthz answers fast', async () => {
    const raw = rawSocket(api);
    await raw.opened;
    // About 1 MB of `__typename`s, under the 1 MB message limit; sent before the probe starts, so that the time this
    // process (client and server both) takes to send it is not counted as the server's.
    const subscribe = JSON.stringify({ id: '0', type: 'subscribe', payload: { query: `{ ${'__typename '.repeat(89_000)}}` } });
    await fetch(`${base(api)}/healthz`);
    raw.send({ type: 'connection_init', payload: {} });
    for (let i = 0; i < 10; i++) raw.socket.send(subscribe.replace('"0"', `"${i}"`));
    const latencies: number[] = [];
    let open = true;
    const closed = raw.closed.then((result) => {
      open = false;
      return result;
    });
    while (open || latencies.length < 10) {
      const started = Date.now();
      expect((await fetch(`${base(api)}/healthz`)).status).toBe(200);
      latencies.push(Date.now() - started);
      await sleep(20);
    }
    const { code } = await closed;
    expect(code).toBe(4401);
    expect(raw.messages).toEqual([]);
    expect(Math.max(...latencies)).toBeLessThan(500);
  });
});

describe('the same checks as over HTTP (28.3)', () => {
  let api: TestApi;
  let admin: Record<string, string>;
  let adminJwt: string;
  let elemeJwt: string;
  beforeAll(async () => {
    api = await startTestApi({ NODE_ENV: 'production', AUTH_JWT_SECRET: TEST_SECRET, IDENTIFIER_HASH_KEY: 'websocket-test-key-0123456789-abcdefXYZ', GRAPHQL_MAX_COST: '100', GRAPHQL_MAX_RESPONSE_BYTES: '1024' });
    adminJwt = await token({ role: 'admin', sub: 'ops' });
    admin = bearer(adminJwt);
    elemeJwt = await token({ role: 'partner', app: 'ELEME', sub: 'eleme-backend' });
  });
  afterAll(() => api.stop());

  it('serves no introspection, no query over the cost limit and no mutation over WebSocket: SUBSCRIPTIONS_ONLY, nothing runs', async () => {
    const memberId = (await api.ok(UPSERT_MEMBER, { input: { app: 'TAOBAO', externalId: unique('tb'), identifiers: [] } }, admin)).upsertAccount.member.id;
    const score = async () => (await api.ok('query($id: ID!) { member(id: $id) { loyaltyScore } }', { id: memberId }, admin)).member.loyaltyScore;
    const scoreBefore = await score();
    const { ws } = client(api, `Bearer ${adminJwt}`);
    try {
      const introspection = await first(ws, { query: '{ __schema { types { name } } }' });
      expect(codes(introspection)).toEqual(['SUBSCRIPTIONS_ONLY']);
      const costly = await first(ws, { query: '{ reviewQueue(first: 500) { id score account { id externalId } candidate { id externalId } hits { rule weight detail } } }' });
      expect(codes(costly)).toEqual(['SUBSCRIPTIONS_ONLY']);
      // The 15 aliased writes in one operation, charged one rate point over WebSocket.
      const writes = `mutation($id: ID!) { ${Array.from({ length: 15 }, (_, i) => `w${i}: setLoyaltyScore(memberId: $id, score: ${i + 1}) { id }`).join(' ')} }`;
      const mutation = await first(ws, { query: writes, variables: { id: memberId } });
      expect(codes(mutation)).toEqual(['SUBSCRIPTIONS_ONLY']);
      expect(JSON.stringify([introspection, costly, mutation])).not.toContain('"data"');
    } finally {
      await ws.dispose();
    }
    expect(await score()).toBe(scoreBefore);
  });

  it('refuses a subscription over the token limit as a parse error, without telling the limit', async () => {
    const { ws } = client(api, `Bearer ${elemeJwt}`);
    const outcome = await first(ws, { query: `subscription { identityChanges(app: "ELEME") { ${'offset '.repeat(1200)} } }` });
    await ws.dispose();
    expect(codes(outcome)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(JSON.stringify(outcome)).not.toMatch(/1000/);
  });

  it('refuses a subscription over the cost limit with COST_LIMIT, and one over the aliases limit as a validation error', async () => {
    const { ws } = client(api, `Bearer ${elemeJwt}`);
    try {
      // 10 lists of accounts, each counted as 10 items of 2 fields: 211, over GRAPHQL_MAX_COST = 100.
      const costly = await first(ws, { query: `subscription { identityChanges(app: "ELEME") { ${Array.from({ length: 10 }, (_, i) => `a${i}: accounts { app externalId }`).join(' ')} } }` });
      expect(codes(costly)).toEqual(['COST_LIMIT']);
      expect(JSON.stringify(costly)).not.toMatch(/\b(100|211)\b/);
      const aliased = await first(ws, { query: `subscription { identityChanges(app: "ELEME") { ${Array.from({ length: 16 }, (_, i) => `o${i}: offset`).join(' ')} } }` });
      expect(codes(aliased)).toContain('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(aliased)).not.toMatch(/\b15\b/);
    } finally {
      await ws.dispose();
    }
  });

  it('withholds an event over GRAPHQL_MAX_RESPONSE_BYTES with RESPONSE_TOO_LARGE', async () => {
    await api.ok(UPSERT_MEMBER, { input: { app: 'ELEME', externalId: unique('ele'), identifiers: [{ kind: 'PHONE', value: uniquePhone() }] } }, admin);
    const { ws } = client(api, `Bearer ${elemeJwt}`);
    // Long aliases: a small cost, a large answer (12 × 100 characters of names alone, over 1024 bytes). From offset
    // 0 the app's first change comes at once.
    const fields = Array.from({ length: 12 }, (_, i) => `${'k'.repeat(99)}${String.fromCharCode(97 + i)}: offset`).join(' ');
    const result = await first(ws, { query: `subscription { identityChanges(app: "ELEME", after: "0") { ${fields} } }` });
    await ws.dispose();
    expect(codes(result)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(result.next?.data ?? undefined).toBeUndefined();
  });
});

/** A subscription that runs: nothing yet, or a change with no error (other test files write ELEME changes meanwhile). */
const running = (o: Outcome): boolean => o.timeout === true || (o.next !== undefined && !o.next.errors && !o.errors);

describe('rate limits over WebSocket (28.3)', () => {
  it('takes points from the token for connecting and for each subscription, in the same bucket as HTTP; past it, RATE_LIMITED', async () => {
    const limited = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, RATE_LIMIT_PER_TOKEN: '3', RATE_LIMIT_PER_IP: '0' });
    try {
      const jwt = await token({ role: 'partner', app: 'ELEME', sub: unique('eleme') });
      const { ws, closes } = client(limited, `Bearer ${jwt}`);
      // Connecting is 1 point, each subscription 1: two run, the third is refused and the socket stays open.
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 3; i++) outcomes.push(await first(ws, { query: SUB, variables: { app: 'ELEME' } }, 1500));
      await ws.dispose();
      expect(outcomes.slice(0, 2).map(running)).toEqual([true, true]);
      expect(codes(outcomes[2])).toEqual(['RATE_LIMITED']);
      expect(closes.filter((code) => code !== 1000)).toEqual([]);
      expect((await limited.gql('{ brands(first: 1) { id } }', undefined, bearer(jwt))).status).toBe(429);
    } finally {
      await limited.stop();
    }
  });

  it('takes points from the IP for connecting and for each subscription; a connection past it is closed 1013 (try again later)', async () => {
    const limited = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '3' });
    try {
      const jwt = `Bearer ${await token({ role: 'partner', app: 'ELEME', sub: 'eleme-backend' })}`;
      const one = client(limited, jwt);
      expect(running(await first(one.ws, { query: SUB, variables: { app: 'ELEME' } }, 1500))).toBe(true);
      expect(running(await first(one.ws, { query: SUB, variables: { app: 'ELEME' } }, 1500))).toBe(true);
      await one.ws.dispose();
      const two = client(limited, jwt);
      expect(await first(two.ws, { query: SUB, variables: { app: 'ELEME' } })).toEqual({ closed: 1013 });
      await two.ws.dispose();
    } finally {
      await limited.stop();
    }
  });
});

describe('a subscription ends when its token expires (28.4)', () => {
  let api: TestApi;
  let admin: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET });
    admin = bearer(await token({ role: 'admin', sub: 'ops' }));
  });
  afterAll(() => api.stop());

  it('delivers changes until exp, then closes the socket 4401 and delivers nothing after', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 5;
    const jwt = await token({ role: 'partner', app: 'ELEME', sub: 'eleme-backend' }, { expiresIn: expiresAt });
    const { ws, closes } = client(api, `Bearer ${jwt}`);
    const seen: string[] = [];
    const ended = new Promise<unknown>((resolve) => {
      ws.subscribe({ query: SUB, variables: { app: 'ELEME' } }, {
        next: (result: any) => seen.push(...(result.data?.identityChanges?.accounts ?? []).map((a: any) => a.externalId)),
        error: resolve,
        complete: () => resolve('complete'),
      });
    });
    await sleep(500);
    const before = unique('ele-before');
    await api.ok(UPSERT_MEMBER, { input: { app: 'ELEME', externalId: before, identifiers: [] } }, admin);
    for (let i = 0; i < 40 && !seen.includes(before); i++) await sleep(100);
    expect(seen).toContain(before);

    await sleep(Math.max(0, expiresAt * 1000 - Date.now()) + 500);
    const after = unique('ele-after');
    await api.ok(UPSERT_MEMBER, { input: { app: 'ELEME', externalId: after, identifiers: [] } }, admin);
    await sleep(1500);
    await ended;
    await ws.dispose();
    expect(seen).not.toContain(after);
    expect(closes).toEqual([4401]);
  });
});
