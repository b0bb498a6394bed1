import { recordAuditEvent } from '../../src/identity/audit.repository';
import { recordReview } from '../../src/identity/review.repository';
import { codeOf, startTestApi, TestApi, unique, uniquePhone, untilStartupRefreshEnds } from '../support/api';
import { inline } from '../support/graph';
import { bearer, TEST_SECRET, token } from '../support/tokens';

// Making the data of these tests takes a few dozen writes, which a loaded machine makes slow.
const SETUP_MS = 240_000;

let api: TestApi;
let admin: Record<string, string>;
let analyst: Record<string, string>;
let partner: Record<string, string>;

const ok = async (query: string, variables: Record<string, unknown>, headers = admin) => {
  const res = await api.gql(query, variables, headers);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as any;
};

interface Page<T> {
  totalCount: number;
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every page of a connection from `after`, `first` at a time: the pages as they came. */
async function allPages<T>(read: (after: string | null) => Promise<Page<T>>, after: string | null = null): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  for (;;) {
    const page = await read(after);
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    after = page.pageInfo.endCursor;
    if (pages.length > 50) throw new Error('more pages than the test made items');
  }
}

/** A new account on its own member (a phone no one else has); its account id and member id. */
async function account(displayName?: string): Promise<{ accountId: string; memberId: string }> {
  const res = await ok('mutation($input: AccountInput!) { upsertAccount(input: $input) { account { id } member { id } } }', {
    input: { app: 'TAOBAO', externalId: unique('tb'), displayName, identifiers: [{ kind: 'PHONE', value: uniquePhone() }] },
  });
  return { accountId: res.upsertAccount.account.id, memberId: res.upsertAccount.member.id };
}

beforeAll(async () => {
  // Three minutes a transaction: on a loaded machine, planning the upsert statement the first time took over one.
  api = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, NEO4J_QUERY_TIMEOUT_MS: '180000' });
  admin = bearer(await token({ role: 'admin', sub: 'ops-1' }));
  analyst = bearer(await token({ role: 'analyst', sub: 'analyst-1' }));
  partner = bearer(await token({ role: 'partner', app: 'TAOBAO', sub: 'taobao-backend' }));
  // The start-up refresh of item similarity works the database hard for a while: the first upserts timed out beside it.
  await untilStartupRefreshEnds(api);
}, SETUP_MS);
afterAll(() => api.stop());

describe('reviews', () => {
  const REVIEWS = `query($status: ReviewStatus, $first: Int, $after: String, $accountId: ID) {
    reviews(status: $status, first: $first, after: $after, accountId: $accountId) {
      totalCount edges { cursor node { id score status createdAt account { id } candidate { id } } } pageInfo { hasNextPage endCursor }
    }
  }`;
  type Review = { id: string; score: number; status: string; createdAt: string; account: { id: string }; candidate: { id: string } };
  const read = (variables: Record<string, unknown>, headers = analyst) => async (after: string | null): Promise<Page<Review>> =>
    (await ok(REVIEWS, { ...variables, after }, headers)).reviews;
  const ids = (pages: Page<Review>[]) => pages.flatMap((p) => p.edges.map((e) => e.node.id));

  let hub: string;
  // A score no other suite gives a review, so that in the whole queue this test's reviews with it stand together.
  const tied = 0.1 + Math.random() * 1e-3;
  const scores = [tied + 0.2, tied, tied, tied, tied, tied + 0.1, tied - 0.05];
  let expected: string[];

  beforeAll(async () => {
    hub = (await account()).accountId;
    const made: { id: string; score: number; seq: number }[] = [];
    for (const [seq, score] of scores.entries()) {
      const other = (await account()).accountId;
      // One transaction each, so their createdAt differ and the order among equal scores is oldest first.
      const id = await api.db.write((tx) => recordReview(tx, hub, other, score, []));
      made.push({ id, score, seq });
    }
    expected = made.sort((a, b) => b.score - a.score || a.seq - b.seq).map((r) => r.id);
  }, SETUP_MS);

  it("pages through an account's reviews with cursors: each once, highest score first, then oldest, with the total", async () => {
    const pages = await allPages(read({ accountId: hub, first: 2 }));
    expect(pages.map((p) => p.edges.length)).toEqual([2, 2, 2, 1]);
    expect(ids(pages)).toEqual(expected);
    for (const page of pages) expect(page.totalCount).toBe(scores.length);
    expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
  });

  it('continues the whole queue from a cursor by value: every status, and one status', async () => {
    const mine = await allPages(read({ accountId: hub, first: 10 }));
    const firstTied = mine[0].edges.find((e) => e.node.score === tied)!;
    const tiedIds = expected.filter((id) => mine[0].edges.find((e) => e.node.id === id)!.node.score === tied);
    for (const status of [null, 'OPEN']) {
      const page = await read({ status, first: tiedIds.length - 1 })(firstTied.cursor);
      expect(page.edges.map((e) => e.node.id)).toEqual(tiedIds.slice(1));
      expect(page.totalCount).toBeGreaterThanOrEqual(scores.length);
    }
  });

  it('filters by status, counting what it lists', async () => {
    const [rejected] = expected;
    await ok('mutation($id: ID!) { rejectMatch(id: $id) }', { id: rejected });
    const open = await allPages(read({ accountId: hub, status: 'OPEN', first: 3 }));
    expect(ids(open)).toEqual(expected.slice(1));
    expect(open[0].totalCount).toBe(scores.length - 1);
    const done = await allPages(read({ accountId: hub, status: 'REJECTED', first: 3 }));
    expect(ids(done)).toEqual([rejected]);
    expect(done[0].edges[0].node.status).toBe('REJECTED');
    expect(done[0].totalCount).toBe(1);
    expect((await read({ accountId: hub, first: 1 })(null)).totalCount).toBe(scores.length);
  });

  it('does not shift a page when reviews are queued before its cursor', async () => {
    const first = await read({ accountId: hub, first: 3 })(null);
    const other = (await account()).accountId;
    const newcomer = await api.db.write((tx) => recordReview(tx, hub, other, tied + 0.5, []));
    const rest = await allPages(read({ accountId: hub, first: 3 }), first.pageInfo.endCursor);
    const seen = [...first.edges.map((e) => e.node.id), ...ids(rest)];
    expect(seen).toEqual(expected);
    expect(seen).not.toContain(newcomer);
    expect(rest[0].totalCount).toBe(scores.length + 1);
  });

  it('reads totalCount only when asked, and answers an empty page with no cursor', async () => {
    const before = api.db.statementsRun;
    const page = (await ok('query($a: ID!) { reviews(accountId: $a, first: 1) { edges { cursor } } }', { a: hub }, analyst)).reviews;
    expect(page.edges).toHaveLength(1);
    expect(api.db.statementsRun - before).toBe(1);
    const none = (await ok('query($a: ID!) { reviews(accountId: $a) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }', { a: unique('no-account') }, analyst)).reviews;
    expect(none).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});

describe('auditEvents', () => {
  const EVENTS = `query($m: ID!, $first: Int, $after: String) {
    auditEvents(memberId: $m, first: $first, after: $after) { totalCount edges { cursor node { id type at rules memberIds } } pageInfo { hasNextPage endCursor } }
  }`;
  type Event = { id: string; type: string; at: string; rules: string[]; memberIds: string[] };
  const read = (memberId: string, first: number, headers = analyst) => async (after: string | null): Promise<Page<Event>> =>
    (await ok(EVENTS, { m: memberId, first, after }, headers)).auditEvents;

  let memberId: string;
  let trailBefore: number;
  const sameTime = inline(
    'test/audit-events-at-once',
    `MATCH (m:Member {id: $m}) UNWIND $events AS event
     CREATE (:AuditEvent {id: event.id, type: 'LINK', at: datetime(), rules: event.rules, evidenceKinds: [], memberIds: [$m]})-[:CONCERNS]->(m)`,
  );

  beforeAll(async () => {
    memberId = (await account()).memberId;
    trailBefore = (await ok('query($m: ID!) { member(id: $m) { auditTrail(first: 500) { id } } }', { m: memberId })).member.auditTrail.length;
    for (let i = 0; i < 5; i++) await api.db.write((tx) => recordAuditEvent(tx, { type: 'LINK', rules: [`step-${i}`], memberIds: [memberId] }));
    // Three written by one statement share their time (as an import's may): the id orders them.
    await api.db.writeOne(sameTime, { m: memberId, events: [5, 6, 7].map((i) => ({ id: unique('ev'), rules: [`step-${i}`] })) });
  }, SETUP_MS);

  it("pages through a member's trail: each event once, newest first (ties by id), with the total", async () => {
    const pages = await allPages(read(memberId, 3));
    const events = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(events).toHaveLength(8 + trailBefore);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const page of pages) expect(page.totalCount).toBe(8 + trailBefore);
    const steps = events.filter((e) => e.rules[0]?.startsWith('step-'));
    const together = steps.slice(0, 3);
    expect(together.map((e) => e.rules[0]).sort()).toEqual(['step-5', 'step-6', 'step-7']);
    expect(new Set(together.map((e) => e.at)).size).toBe(1);
    expect(together.map((e) => e.id)).toEqual(together.map((e) => e.id).sort().reverse());
    expect(steps.slice(3).map((e) => e.rules[0])).toEqual(['step-4', 'step-3', 'step-2', 'step-1', 'step-0']);
    const times = events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The same events as the trail on the member.
    const trail = (await ok('query($m: ID!) { member(id: $m) { auditTrail(first: 500) { id } } }', { m: memberId })).member.auditTrail;
    expect(new Set(trail.map((e: { id: string }) => e.id))).toEqual(new Set(events.map((e) => e.id)));
  });

  it('lets a member read its own trail, and no one else', async () => {
    const self = bearer(await token({ role: 'member', sub: memberId }));
    expect((await read(memberId, 2, self)(null)).totalCount).toBe(8 + trailBefore);
    const other = (await account()).memberId;
    expect(codeOf(await api.gql(EVENTS, { m: other, first: 2 }, self))).toBe('FORBIDDEN');
    expect(codeOf(await api.gql(EVENTS, { m: memberId, first: 2 }, partner))).toBe('FORBIDDEN');
  });

  it('refuses a blank id and answers NOT_FOUND for an unknown member', async () => {
    expect(codeOf(await api.gql(EVENTS, { m: ' ' }, analyst))).toBe('BAD_USER_INPUT');
    expect(codeOf(await api.gql(EVENTS, { m: unique('nobody') }, analyst))).toBe('NOT_FOUND');
  });
});

describe('segmentMembers', () => {
  const MEMBERS = `query($e: SegmentExpr!, $first: Int, $after: String) {
    segmentMembers(expr: $e, first: $first, after: $after) { totalCount edges { cursor node { id displayName } } pageInfo { hasNextPage endCursor } }
  }`;
  type M = { id: string; displayName: string | null };
  const read = (expr: unknown, first: number, headers = analyst) => async (after: string | null): Promise<Page<M>> =>
    (await ok(MEMBERS, { e: expr, first, after }, headers)).segmentMembers;
  const tag = unique('conn');
  const other = unique('conn');
  const TAG = 'mutation($m: ID!, $t: [String!]!) { tagMember(memberId: $m, tags: $t) { id } }';
  let members: string[];
  const withOther = new Set<string>();

  beforeAll(async () => {
    members = [];
    for (let i = 0; i < 7; i++) {
      const { memberId } = await account(`Zhou Member${i}`);
      await ok(TAG, { m: memberId, t: i % 3 === 0 ? [tag, other] : [tag] }, analyst);
      if (i % 3 === 0) withOther.add(memberId);
      members.push(memberId);
    }
    members.sort();
  }, SETUP_MS);

  it('pages through a segment by member id, each member once, masked for analysts, with the total', async () => {
    const pages = await allPages(read({ tag }, 3));
    expect(pages.map((p) => p.edges.length)).toEqual([3, 3, 1]);
    const nodes = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(nodes.map((m) => m.id)).toEqual(members);
    expect(nodes.every((m) => m.displayName === 'Z***')).toBe(true);
    for (const page of pages) expect(page.totalCount).toBe(7);
    const full = (await ok(MEMBERS, { e: { tag }, first: 1 }, admin)).segmentMembers.edges[0].node;
    expect(full.displayName).toMatch(/^Zhou Member\d$/);
  });

  it('pages a difference the same way (the statement that looks at every member)', async () => {
    const expr = { and: [{ tag }, { not: { tag: other } }] };
    const pages = await allPages(read(expr, 2));
    expect(pages.flatMap((p) => p.edges.map((e) => e.node.id))).toEqual(members.filter((id) => !withOther.has(id)));
    expect(pages[0].totalCount).toBe(members.length - withOther.size);
  });

  it('keeps its place when members join the segment, and lists each member once', async () => {
    const first = await read({ tag }, 3)(null);
    const { memberId: newcomer } = await account();
    await ok(TAG, { m: newcomer, t: [tag] }, analyst);
    const rest = await allPages(read({ tag }, 3), first.pageInfo.endCursor);
    const seen = [...first.edges, ...rest.flatMap((p) => p.edges)].map((e) => e.node.id);
    const expected = newcomer > first.edges.at(-1)!.node.id ? [...members, newcomer].sort() : members;
    expect(seen).toEqual(expected);
    expect(rest[0].totalCount).toBe(8);
  });

  it('refuses a malformed expression with INVALID_SEGMENT', async () => {
    expect(codeOf(await api.gql(MEMBERS, { e: { tag, not: { tag: other } } }, analyst))).toBe('INVALID_SEGMENT');
  });
});

describe('every connection', () => {
  const lists = [
    { name: 'reviews', query: 'query($first: Int, $after: String) { reviews(first: $first, after: $after) { edges { cursor } } }', variables: {} },
    { name: 'auditEvents', query: 'query($m: ID!, $first: Int, $after: String) { auditEvents(memberId: $m, first: $first, after: $after) { edges { cursor } } }', variables: { m: '' } },
    { name: 'segmentMembers', query: 'query($first: Int, $after: String) { segmentMembers(expr: {tag: "x"}, first: $first, after: $after) { edges { cursor } } }', variables: {} },
  ];
  beforeAll(async () => {
    lists[1].variables.m = (await account()).memberId;
  }, SETUP_MS);

  for (const list of lists) {
    it(`${list.name}: refuses first outside 1..100 and a cursor it did not return with BAD_USER_INPUT`, async () => {
      for (const first of [0, -1, 101]) {
        const res = await api.gql(list.query, { ...list.variables, first }, analyst);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].message).toMatch(/first must be from 1 to 100/);
      }
      const alien = Buffer.from(JSON.stringify(['another-list', 'x'])).toString('base64url');
      for (const after of ['', 'not a cursor', 'bm90IGpzb24', alien, Buffer.from('[]').toString('base64url')]) {
        const res = await api.gql(list.query, { ...list.variables, first: 1, after }, analyst);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].extensions).toMatchObject({ field: 'after' });
      }
    });
  }

  it("refuses another connection's cursor", async () => {
    const { memberId } = await account();
    await api.db.write((tx) => recordAuditEvent(tx, { type: 'LINK', memberIds: [memberId] }));
    const cursor = (await ok(lists[1].query, { m: memberId, first: 1 }, analyst)).auditEvents.edges[0].cursor;
    expect(codeOf(await api.gql(lists[0].query, { first: 1, after: cursor }, analyst))).toBe('BAD_USER_INPUT');
  });

  it('counts first as the size of edges against GRAPHQL_MAX_COST', async () => {
    const tight = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, GRAPHQL_MAX_COST: '100' });
    try {
      // reviews 1 + edges 1 + first × (node 1 + id 1 + account 1 + account.id 1) + pageInfo 1 + hasNextPage 1
      const query = 'query($first: Int) { reviews(first: $first) { edges { node { id account { id } } } pageInfo { hasNextPage } } }';
      expect((await tight.gql(query, { first: 20 }, analyst)).errors).toBeUndefined();
      const res = await tight.gql(query, { first: 30 }, analyst);
      expect(res.status).toBe(400);
      expect(codeOf(res)).toBe('COST_LIMIT');
      // The default first counts the same as the explicit one.
      expect((await tight.gql('{ segmentMembers(expr: {tag: "x"}) { edges { node { id accounts { id } } } } }', undefined, analyst)).errors?.[0].extensions?.code).toBe('COST_LIMIT');
    } finally {
      await tight.stop();
    }
  });
});
