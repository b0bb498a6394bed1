import { Ref, startTestApi, testConfig, TestApi, unique, uniquePhone, untilStartupRefreshEnds } from '../support/api';
import { bearer, TEST_SECRET, token } from '../support/tokens';

// Two API instances on the one test Neo4j, as two processes behind a load balancer would run: A writes, B reads.
// IDENTIFIER_MAX_ACCOUNTS=3 so that a fourth account on one phone splits the member (the over-shared re-examination).
const env = { AUTH_JWT_SECRET: TEST_SECRET, IDENTIFIER_MAX_ACCOUNTS: '3' };
const config = testConfig(env);
/** The stated bound: B answers from its cache only while it read the outbox to its end at most this long ago. */
const BOUND_MS = config.cache.maxStalenessMs;

let a: TestApi;
let b: TestApi;
let admin: Record<string, string>;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestApi(env), startTestApi(env)]);
  admin = bearer(await token({ role: 'admin', sub: 'ops-cache' }));
  // The start-up refresh of item similarity runs statements on each gateway, which the hit checks below count.
  await Promise.all([untilStartupRefreshEnds(a), untilStartupRefreshEnds(b)]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const RESOLVE = 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { account { id link { method purposes } } member { id } linkedApps } }';
const ACCOUNT = 'query($ref: AccountRef!) { account(ref: $ref) { id link { purposes } } }';
const UPSERT = 'mutation($input: AccountInput!) { upsertAccount(input: $input) { member { id } } }';

type Resolved = { account: { id: string; link: { method: string; purposes: string[] } }; member: { id: string }; linkedApps: string[] } | null;

const ok = <T = any>(api: TestApi, query: string, variables?: Record<string, unknown>): Promise<T> => api.ok<T>(query, variables, admin);
const resolve = async (api: TestApi, ref: Ref): Promise<Resolved> => (await ok(api, RESOLVE, { ref })).resolveIdentity;

/** An account on `app` carrying `phone` (accounts sharing a phone link); answers its ref and member id. */
async function account(app: string, phone: string): Promise<{ ref: Ref; memberId: string }> {
  const ref = { app, externalId: unique(app.toLowerCase()) };
  const res = await ok(a, UPSERT, { input: { ...ref, identifiers: [{ kind: 'PHONE', value: phone }] } });
  return { ref, memberId: res.upsertAccount.member.id };
}

/** Resolves on an instance and says how many statements it cost there: 0 is an answer from its cache. */
async function counted(api: TestApi, ref: Ref): Promise<{ answer: Resolved; statements: number }> {
  const before = api.db.statementsRun;
  const answer = await resolve(api, ref);
  return { answer, statements: api.db.statementsRun - before };
}

/** Waits until an instance's start-up work (the outbox's pruning: a statement per app) has stopped running statements. */
async function untilQuiet(api: TestApi): Promise<void> {
  for (let last = -1; api.db.statementsRun !== last; ) {
    last = api.db.statementsRun;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Resolves refs on both instances until each answers from its cache, so that what follows tests invalidation. */
async function warm(...refs: Ref[]): Promise<void> {
  for (const api of [a, b]) {
    for (const ref of refs) {
      await resolve(api, ref);
      const deadline = Date.now() + 10_000;
      while ((await counted(api, ref)).statements !== 0) {
        if (Date.now() > deadline) throw new Error('the cache never answered');
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }
}

/**
 * After a write on A answered at `answeredAt`: asks B every 10 ms until `check` holds of its answer, and returns how
 * long after the answer that was; fails if it still did not hold once the bound had passed.
 */
async function onBWithinBound(answeredAt: number, check: () => Promise<boolean>): Promise<number> {
  for (;;) {
    const askedAt = Date.now();
    if (await check()) return Date.now() - answeredAt;
    if (askedAt - answeredAt > BOUND_MS) throw new Error(`B still answered what was true before A's change ${askedAt - answeredAt} ms after it (bound ${BOUND_MS} ms)`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs a write on A, then checks A at once and B within the bound; answers B's delay. */
async function afterWriteOnA(write: () => Promise<unknown>, holds: (api: TestApi) => Promise<boolean>): Promise<number> {
  await write();
  const answeredAt = Date.now();
  expect(await holds(a)).toBe(true);
  return onBWithinBound(answeredAt, () => holds(b));
}

describe('the identity cache, two API instances on one Neo4j', () => {
  it('answers a repeated resolveIdentity and account(ref) from memory, with what the database holds', async () => {
    const phone = uniquePhone();
    const t = await account('TAOBAO', phone);
    await account('ELEME', phone);
    const first = await counted(b, t.ref);
    expect(first.statements).toBe(1);
    await warm(t.ref);
    const again = await counted(b, t.ref);
    expect(again).toEqual({ answer: first.answer, statements: 0 });
    expect(again.answer).toMatchObject({ member: { id: t.memberId }, linkedApps: ['ELEME', 'TAOBAO'] });
    const before = b.db.statementsRun;
    expect((await ok(b, ACCOUNT, { ref: t.ref })).account).toEqual({ id: first.answer!.account.id, link: { purposes: first.answer!.account.link.purposes } });
    expect(b.db.statementsRun - before).toBe(0);
  });

  it('link: B sees the new account in linkedApps within the bound, A at once', async () => {
    const phone = uniquePhone();
    const t = await account('TAOBAO', phone);
    await warm(t.ref);
    expect((await resolve(b, t.ref))!.linkedApps).toEqual(['TAOBAO']);
    const delay = await afterWriteOnA(
      () => account('ELEME', phone),
      async (api) => JSON.stringify((await resolve(api, t.ref))!.linkedApps) === '["ELEME","TAOBAO"]',
    );
    expect(delay).toBeLessThanOrEqual(BOUND_MS + 200);
  });

  it('merge: both accounts answer the survivor on B within the bound, on A at once', async () => {
    const x = await account('TAOBAO', uniquePhone());
    const y = await account('YOUKU', uniquePhone());
    await warm(x.ref, y.ref);
    let survivor = '';
    await afterWriteOnA(
      async () => (survivor = (await ok(a, 'mutation($ids: [ID!]!) { mergeMembers(memberIds: $ids) { id } }', { ids: [x.memberId, y.memberId] })).mergeMembers.id),
      async (api) => {
        const [rx, ry] = await Promise.all([resolve(api, x.ref), resolve(api, y.ref)]);
        return rx!.member.id === survivor && ry!.member.id === survivor && rx!.linkedApps.length === 2 && ry!.linkedApps.length === 2;
      },
    );
    expect([x.memberId, y.memberId]).toContain(survivor);
  });

  it('unlink and its split: the account answers its own member, the one it left its remaining apps', async () => {
    const phone = uniquePhone();
    const t = await account('TAOBAO', phone);
    const e = await account('ELEME', phone);
    expect(e.memberId).toBe(t.memberId);
    await warm(t.ref, e.ref);
    let alone = '';
    await afterWriteOnA(
      async () => (alone = (await ok(a, 'mutation($ref: AccountRef!) { unlinkAccount(ref: $ref, reason: "not the same person") { id } }', { ref: e.ref })).unlinkAccount.id),
      async (api) => {
        const [rt, re] = await Promise.all([resolve(api, t.ref), resolve(api, e.ref)]);
        return re!.member.id === alone && JSON.stringify(re!.linkedApps) === '["ELEME"]' && rt!.member.id === t.memberId && JSON.stringify(rt!.linkedApps) === '["TAOBAO"]';
      },
    );
    expect(alone).not.toBe(t.memberId);
  });

  it('split of an over-shared phone: the strangers it had joined answer their own members on B within the bound', async () => {
    const shop = uniquePhone();
    const joined = [await account('TAOBAO', shop), await account('ELEME', shop), await account('YOUKU', shop)];
    expect(new Set(joined.map((x) => x.memberId)).size).toBe(1);
    await warm(...joined.map((x) => x.ref));
    await afterWriteOnA(
      () => account('FLIGGY', shop),
      async (api) => {
        const answers = await Promise.all(joined.map((x) => resolve(api, x.ref)));
        return new Set(answers.map((r) => r!.member.id)).size === 3 && answers.every((r) => r!.linkedApps.length === 1);
      },
    );
  });

  it('erasure: neither instance answers for the erased accounts any more (B within the bound, A at once)', async () => {
    const phone = uniquePhone();
    const t = await account('TAOBAO', phone);
    const e = await account('ELEME', phone);
    await warm(t.ref, e.ref);
    await afterWriteOnA(
      () => ok(a, 'mutation($id: ID!) { eraseMember(id: $id) }', { id: t.memberId }),
      async (api) => {
        const [rt, re, at] = await Promise.all([resolve(api, t.ref), resolve(api, e.ref), ok(api, ACCOUNT, { ref: t.ref })]);
        return rt === null && re === null && at.account === null;
      },
    );
  });

  it('consent withdrawal: the link loses the purpose on B within the bound, on A at once', async () => {
    const phone = uniquePhone();
    const t = await account('TAOBAO', phone);
    await account('ELEME', phone);
    await warm(t.ref);
    expect((await resolve(b, t.ref))!.account.link.purposes).toContain('ANALYTICS');
    await afterWriteOnA(
      () => ok(a, 'mutation($ref: AccountRef!) { withdrawConsent(ref: $ref, purposes: [ANALYTICS]) { id } }', { ref: t.ref }),
      async (api) => {
        const [resolved, read] = await Promise.all([resolve(api, t.ref), ok(api, ACCOUNT, { ref: t.ref })]);
        return !resolved!.account.link.purposes.includes('ANALYTICS') && !read.account.link.purposes.includes('ANALYTICS');
      },
    );
    // Partners' feeds do not carry it: it is not a change of who-is-who.
    const feed = await ok(a, 'query($after: ID) { identityChanges(app: "TAOBAO", after: $after, first: 1000) { kind accounts { externalId } } }', { after: null }).catch(() => null);
    if (feed) expect(feed.identityChanges.filter((c: { accounts: { externalId: string }[] }) => c.accounts.some((x) => x.externalId === t.ref.externalId)).map((c: { kind: string }) => c.kind)).toEqual(['LINKED']);
  });

  it('reads what it does not hold (names, the loyalty score) from the database, so they are never stale', async () => {
    const phone = uniquePhone();
    const t = await account('TAOBAO', phone);
    await warm(t.ref);
    await ok(a, 'mutation($id: ID!) { setLoyaltyScore(memberId: $id, score: 4321) { id } }', { id: t.memberId });
    const before = b.db.statementsRun;
    const answer = await ok(b, 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { id loyaltyScore } } }', { ref: t.ref });
    expect(answer.resolveIdentity.member).toEqual({ id: t.memberId, loyaltyScore: 4321 });
    expect(b.db.statementsRun - before).toBeGreaterThan(0);
  });

  it('authorizes every request: a cached account is still refused to another app\'s partner', async () => {
    const phone = uniquePhone();
    const t = await account('TAOBAO', phone);
    await warm(t.ref);
    const eleme = bearer(await token({ role: 'partner', app: 'ELEME', sub: 'eleme-backend' }));
    const taobao = bearer(await token({ role: 'partner', app: 'TAOBAO', sub: 'taobao-backend' }));
    const refused = await b.gql(RESOLVE, { ref: t.ref }, eleme);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data?.resolveIdentity ?? null).toBeNull();
    const allowed = await b.gql('query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { id } linkedApps } }', { ref: t.ref }, taobao);
    expect(allowed.data?.resolveIdentity).toEqual({ member: { id: t.memberId }, linkedApps: ['TAOBAO'] });
  });

  it('exports its hit ratio, size and lag on /metrics', async () => {
    const body = await (await fetch(b.url.replace('/graphql', '/metrics'))).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1]);
    expect(value('identity_cache_hit_ratio')).toBeGreaterThan(0);
    expect(value('identity_cache_hit_ratio')).toBeLessThanOrEqual(1);
    expect(value('identity_cache_entries')).toBeGreaterThan(0);
    expect(value('identity_cache_bytes')).toBeGreaterThan(0);
    expect(value('identity_cache_lag_seconds')).toBeLessThan(BOUND_MS / 1000);
    expect(body).toMatch(/^identity_cache_lookups\{result="hit"\} [1-9]/m);
    expect(body).toMatch(/^identity_cache_staleness_seconds_count [1-9]/m);
  });
});

describe('the identity cache off (IDENTITY_CACHE_MB=0)', () => {
  it('reads every resolveIdentity from the database, as without a cache', async () => {
    const off = await startTestApi({ IDENTITY_CACHE_MB: '0' });
    try {
      await untilStartupRefreshEnds(off);
      await untilQuiet(off);
      const phone = uniquePhone();
      const ref = { app: 'TAOBAO', externalId: unique('taobao') };
      await off.ok(UPSERT, { input: { ...ref, identifiers: [{ kind: 'PHONE', value: phone }] } });
      const diffs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const before = off.db.statementsRun;
        expect((await off.ok(RESOLVE, { ref })).resolveIdentity.linkedApps).toEqual(['TAOBAO']);
        diffs.push(off.db.statementsRun - before);
      }
      expect(diffs).toEqual([1, 1, 1]);
    } finally {
      await off.stop();
    }
  });
});
