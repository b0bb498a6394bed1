import { computeSimilarity, storeSimilarity } from '../../src/recommendation/similarity.refresh';
import { codeOf, startTestApi, TestApi, testConfig, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { inline } from '../support/graph';
import { bearer, TEST_SECRET, token } from '../support/tokens';

let api: TestApi;
let admin: Record<string, string>;
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY - 60_000).toISOString();

beforeAll(async () => {
  api = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, RECOMMENDATION_REFRESH_MINUTES: '0' });
  admin = bearer(await token({ role: 'admin', sub: 'ops-1' }));
});
afterAll(() => api.stop());

const as = (headers: Record<string, string>, query: string, variables?: Record<string, unknown>) => api.gql(query, variables, headers);
const ok = (query: string, variables?: Record<string, unknown>) => api.ok(query, variables, admin);

/** A member with one account per app given (linked: same phone, then linked explicitly if matching left them apart). */
async function member(apps: string[]): Promise<{ id: string; refs: Record<string, { app: string; externalId: string }> }> {
  const phone = uniquePhone();
  const refs: Record<string, { app: string; externalId: string }> = {};
  let id = '';
  for (const app of apps) {
    refs[app] = { app, externalId: unique(app.toLowerCase()) };
    const data = await ok(UPSERT_MEMBER, { input: { ...refs[app], identifiers: [{ kind: 'PHONE', value: phone }] } });
    if (id && data.upsertAccount.member.id !== id) {
      const linked = await ok('mutation($a: AccountRef!, $b: AccountRef!) { linkAccounts(a: $a, b: $b, consentId: "test") { id } }', { a: refs[apps[0]], b: refs[app] });
      id = linked.linkAccounts.id;
    } else id = data.upsertAccount.member.id;
  }
  return { id, refs };
}

const RECORD = 'mutation($input: EventInput!) { recordEvent(input: $input) }';
const record = (input: Record<string, unknown>) => ok(RECORD, { input });
const RECOMMEND = `query($id: ID!, $app: String!, $first: Int) {
  member(id: $id) { recommendations(app: $app, first: $first) { id title app { code } score reason category signals } }
}`;
const recommend = async (id: string, app: string, first = 10) => (await ok(RECOMMEND, { id, app, first })).member.recommendations as any[];
const REFRESH = 'mutation { refreshRecommendations { engine items pairs } }';

describe('recommendations from cross-app signals', () => {
  it('offer SIM cards on TAOBAO after an international flight on FLIGGY, naming the booking', async () => {
    const m = await member(['TAOBAO', 'FLIGGY']);
    await record({ ref: m.refs.FLIGGY, type: 'BOOKING', at: daysAgo(2), amount: 4200, category: 'flight.international', detail: 'Amsterdam' });
    const list = await recommend(m.id, 'TAOBAO', 5);
    expect(list).toHaveLength(5);
    expect(list[0].category).toBe('sim.international');
    expect(list[0].app.code).toBe('TAOBAO');
    expect(list[0].reason).toBe('booked an international flight to Amsterdam on FLIGGY 2 days ago');
    expect(list[0].signals).toContain('CROSS_APP');
    expect(new Set(list.map((r) => r.id)).size).toBe(list.length);
    const scores = list.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // The same booking suggests a currency exchange on ALIPAY.
    const alipay = await recommend(m.id, 'ALIPAY', 3);
    expect(alipay[0].category).toBe('currency.exchange');
    expect(alipay[0].reason).toMatch(/^booked an international flight to Amsterdam on FLIGGY/);
  });

  it('rank the destination\'s items first: after a flight to Amsterdam, the Europe SIM and wifi before the Asia ones', async () => {
    const ids = (list: any[]) => list.map((r) => r.id);
    // By the destination the booking names (a place of catalog.json's destinations) ...
    const byPlace = await member(['TAOBAO', 'FLIGGY']);
    await record({ ref: byPlace.refs.FLIGGY, type: 'BOOKING', at: daysAgo(2), amount: 4200, category: 'flight.international', detail: 'Amsterdam' });
    // ... and by the item booked (the Shanghai-Amsterdam flight is for Europe), with no detail.
    const byItem = await member(['TAOBAO', 'FLIGGY']);
    await record({ ref: byItem.refs.FLIGGY, type: 'BOOKING', at: daysAgo(2), amount: 4200, itemId: 'fliggy-flight-pvg-ams' });
    for (const m of [byPlace, byItem]) {
      const list = await recommend(m.id, 'TAOBAO', 20);
      const at = (id: string) => ids(list).indexOf(id);
      expect(list[0].id).toBe('taobao-sim-europe-10d');
      for (const europe of ['taobao-sim-europe-10d', 'taobao-wifi-europe']) {
        for (const asia of ['taobao-sim-japan-8d', 'taobao-wifi-asia']) {
          expect(at(europe)).toBeGreaterThanOrEqual(0);
          expect(at(europe)).toBeLessThan(at(asia));
          expect(list[at(europe)].score).toBeGreaterThan(list[at(asia)].score);
        }
      }
      const alipay = await recommend(m.id, 'ALIPAY', 5);
      expect(alipay[0].id).toBe('alipay-fx-eur');
    }
    // A flight to Tokyo turns it round for the Asia items.
    const tokyo = await member(['TAOBAO', 'FLIGGY']);
    await record({ ref: tokyo.refs.FLIGGY, type: 'BOOKING', at: daysAgo(1), amount: 2100, category: 'flight.international', detail: 'Tokyo' });
    const list = await recommend(tokyo.id, 'TAOBAO', 20);
    expect(ids(list).indexOf('taobao-sim-japan-8d')).toBeLessThan(ids(list).indexOf('taobao-sim-europe-10d'));
    expect(ids(list).indexOf('taobao-wifi-asia')).toBeLessThan(ids(list).indexOf('taobao-wifi-europe'));
  }, 300_000);

  it('stop using an account the moment it is unlinked', async () => {
    const m = await member(['TAOBAO', 'FLIGGY']);
    await record({ ref: m.refs.FLIGGY, type: 'BOOKING', at: daysAgo(1), amount: 2100, category: 'flight.international', detail: 'Tokyo' });
    expect((await recommend(m.id, 'TAOBAO', 3))[0].signals).toContain('CROSS_APP');
    await ok('mutation($ref: AccountRef!) { unlinkAccount(ref: $ref, reason: "not mine") { id } }', { ref: m.refs.FLIGGY });
    const after = await recommend(m.id, 'TAOBAO', 10);
    expect(after.some((r) => r.signals.includes('CROSS_APP'))).toBe(false);
    expect(JSON.stringify(after)).not.toMatch(/Tokyo|FLIGGY/);
  });

  it('ignore activity older than the signal window', async () => {
    const m = await member(['TAOBAO', 'FLIGGY']);
    await record({ ref: m.refs.FLIGGY, type: 'BOOKING', at: daysAgo(45), amount: 1500, category: 'flight.international', detail: 'Bangkok' });
    const list = await recommend(m.id, 'TAOBAO', 10);
    expect(list.some((r) => r.signals.includes('CROSS_APP'))).toBe(false);
    expect(list[0].reason).toBe('popular on TAOBAO');
  });

  it("give a member with no evidence the app's popular items, and say so", async () => {
    const m = await member(['ELEME']);
    const list = await recommend(m.id, 'ELEME', 3);
    expect(list.length).toBeGreaterThan(0);
    for (const r of list) {
      expect(r.reason).toBe('popular on ELEME; there is no activity of yours to go on yet');
      expect(r.signals).toEqual(['POPULAR']);
      expect(r.app.code).toBe('ELEME');
    }
  });

  it("boost an item whose brand the member's 88VIP membership discounts, and say why", async () => {
    const m = await member(['TMALL', 'ALIHEALTH']);
    await record({ ref: m.refs.ALIHEALTH, type: 'CHECKUP', at: daysAgo(3), category: 'checkup', itemId: 'alihealth-checkup-basic' });
    const before = await recommend(m.id, 'TMALL', 10);
    const watch = () => before.find((r) => r.id === 'tmall-huawei-watch');
    expect(watch()!.signals).not.toContain('MEMBERSHIP_DISCOUNT');
    await ok('mutation($id: ID!, $pay: String!) { joinProgram(memberId: $id, program: "88VIP", paymentRef: $pay) { program } }', { id: m.id, pay: unique('pay') });
    const after = await recommend(m.id, 'TMALL', 10);
    const boosted = after.find((r) => r.id === 'tmall-huawei-watch')!;
    expect(boosted.signals).toContain('MEMBERSHIP_DISCOUNT');
    expect(boosted.reason).toBe('had a health checkup (Annual health checkup) on ALIHEALTH 3 days ago, and your 88VIP membership gives a discount at this brand');
    expect(boosted.score).toBeGreaterThan(watch()!.score);
    const monitor = after.find((r) => r.id === 'tmall-bp-monitor')!;
    expect(monitor.signals).not.toContain('MEMBERSHIP_DISCOUNT');
  });
});

describe('collaborative signal (item similarity computed in the background)', () => {
  const itemX = unique('item-x');
  const itemY = unique('item-y');
  const itemZ = unique('item-z');
  const category = `test${Date.now()}`;
  const createItems = inline(
    'test/create-items',
    `UNWIND $items AS it
     MERGE (c:Category {key: it.app + ':' + $category}) SET c.app = it.app, c.name = $category, c.label = 'test goods'
     MERGE (i:Item {id: it.id}) SET i.title = it.title, i.app = it.app, i.category = $category, i.popularity = 0
     MERGE (i)-[:IN_CATEGORY]->(c)`,
  );
  const similarOf = inline('test/similar-of', 'MATCH (a:Item)-[s:SIMILAR]->(b:Item) WHERE a.id IN $ids RETURN a.id AS a, b.id AS b, s.score AS score ORDER BY a, b');
  let target: { id: string; refs: Record<string, { app: string; externalId: string }> };

  beforeAll(async () => {
    await api.db.writeOne(createItems, {
      category,
      items: [
        { id: itemX, title: 'Test kettle', app: 'TAOBAO' },
        { id: itemY, title: 'Test teapot', app: 'TMALL' },
        { id: itemZ, title: 'Test umbrella', app: 'TMALL' },
      ],
    });
    // Four members have the kettle and the teapot; one has the umbrella only.
    for (let i = 0; i < 4; i++) {
      const m = await member(['TAOBAO', 'TMALL']);
      await record({ ref: m.refs.TAOBAO, type: 'PURCHASE', at: daysAgo(5), amount: 99, itemId: itemX });
      await record({ ref: m.refs.TMALL, type: 'PURCHASE', at: daysAgo(4), amount: 199, itemId: itemY });
    }
    const other = await member(['TMALL']);
    await record({ ref: other.refs.TMALL, type: 'PURCHASE', at: daysAgo(4), amount: 59, itemId: itemZ });
    target = await member(['TAOBAO', 'TMALL']);
    await record({ ref: target.refs.TAOBAO, type: 'PURCHASE', at: daysAgo(1), amount: 99, itemId: itemX });
  });

  it('recommends what members with similar histories bought, across apps, leaving out what the member has', async () => {
    const refresh = await ok(REFRESH);
    expect(refresh.refreshRecommendations.engine).toBe(process.env.NEO4J_URI ? expect.any(String) : 'gds');
    expect(refresh.refreshRecommendations.pairs).toBeGreaterThan(0);
    const list = await recommend(target.id, 'TMALL', 10);
    const teapot = list.find((r) => r.id === itemY)!;
    expect(teapot.reason).toBe('members who bought Test kettle also bought this');
    expect(teapot.signals).toEqual(['COLLABORATIVE']);
    expect(list.some((r) => r.id === itemZ && r.signals.includes('COLLABORATIVE'))).toBe(false);
    // The kettle is the member's already: never offered back on TAOBAO.
    expect((await recommend(target.id, 'TAOBAO', 50)).some((r) => r.id === itemX)).toBe(false);
  });

  it('computes the same SIMILAR relationships with the Cypher co-purchase fallback as with GDS', async () => {
    await ok(REFRESH);
    const byDefault = await api.db.readOne(similarOf, { ids: [itemX, itemY, itemZ] });
    const cypherApi = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, RECOMMENDATION_ENGINE: 'cypher', RECOMMENDATION_REFRESH_MINUTES: '0' });
    try {
      const refresh = await cypherApi.ok(REFRESH, {}, admin);
      expect(refresh.refreshRecommendations.engine).toBe('cypher');
      const byCypher = await cypherApi.db.readOne(similarOf, { ids: [itemX, itemY, itemZ] });
      expect(byCypher).toHaveLength(byDefault.length);
      byCypher.forEach((row, i) => {
        expect(row.a).toBe(byDefault[i].a);
        expect(row.b).toBe(byDefault[i].b);
        expect(row.score as number).toBeCloseTo(byDefault[i].score as number, 6);
      });
      expect(byCypher).toContainEqual({ a: itemX, b: itemY, score: expect.closeTo(4 / 5, 6) });
      const list = await cypherApi.ok(RECOMMEND, { id: target.id, app: 'TMALL', first: 10 }, admin);
      expect(list.member.recommendations.find((r: any) => r.id === itemY).reason).toBe('members who bought Test kettle also bought this');
    } finally {
      await cypherApi.stop();
    }
  });

  it('keeps the pairs of the refresh that read last, once, when two instances store theirs at once', async () => {
    const config = testConfig().recommendation;
    const erased = await member(['TAOBAO', 'TMALL']);
    await record({ ref: erased.refs.TAOBAO, type: 'PURCHASE', at: daysAgo(2), amount: 99, itemId: itemX });
    await record({ ref: erased.refs.TMALL, type: 'PURCHASE', at: daysAgo(2), amount: 59, itemId: itemZ });
    const older = await computeSimilarity(api.db, config);
    expect(older.pairs.some((p) => p.a === itemX && p.b === itemZ)).toBe(true);
    await ok('mutation($id: ID!) { eraseMember(id: $id) }', { id: erased.id });
    const newer = await computeSimilarity(api.db, config);
    expect(newer.generation).toBeGreaterThan(older.generation);
    const expected = newer.pairs.filter((p) => [itemX, itemY, itemZ].includes(p.a)).map((p) => [p.a, p.b]).sort();
    expect(expected).toContainEqual([itemX, itemY]);

    // The refresh that read first stores last: it must not bring the erased member's purchases back.
    expect((await storeSimilarity(api.db, config, newer)).superseded).toBe(false);
    expect((await storeSimilarity(api.db, config, older)).superseded).toBe(true);
    const stored = async () => (await api.db.readOne(similarOf, { ids: [itemX, itemY, itemZ] })).map((r) => [r.a, r.b]).sort();
    expect(await stored()).toEqual(expected);

    // Both at once: each used to delete only the relationships committed before it and add its own, leaving two of each.
    const again = await computeSimilarity(api.db, config);
    const latest = await computeSimilarity(api.db, config);
    const outcomes = await Promise.all([storeSimilarity(api.db, config, latest), storeSimilarity(api.db, config, again)]);
    expect(outcomes[0].superseded).toBe(false);
    expect(await stored()).toEqual(expected);
  });

  it('forgets an erased member once item similarity is refreshed', async () => {
    const erased = await member(['TAOBAO', 'TMALL']);
    await record({ ref: erased.refs.TAOBAO, type: 'PURCHASE', at: daysAgo(2), amount: 99, itemId: itemX });
    await record({ ref: erased.refs.TMALL, type: 'PURCHASE', at: daysAgo(2), amount: 59, itemId: itemZ });
    await ok(REFRESH);
    const withIt = await api.db.readOne(similarOf, { ids: [itemX] });
    expect(withIt.some((r) => r.b === itemZ)).toBe(true);
    await ok('mutation($id: ID!) { eraseMember(id: $id) }', { id: erased.id });
    await ok(REFRESH);
    const without = await api.db.readOne(similarOf, { ids: [itemX] });
    expect(without.some((r) => r.b === itemZ)).toBe(false);
  });

  it('recomputes item similarity without an erased member shortly after the erasure, without being asked', async () => {
    const soon = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, RECOMMENDATION_REFRESH_MINUTES: '0', RECOMMENDATION_ERASURE_REFRESH_SECONDS: '1' });
    try {
      const erased = await member(['TAOBAO', 'TMALL']);
      await record({ ref: erased.refs.TAOBAO, type: 'PURCHASE', at: daysAgo(2), amount: 99, itemId: itemX });
      await record({ ref: erased.refs.TMALL, type: 'PURCHASE', at: daysAgo(2), amount: 59, itemId: itemZ });
      await ok(REFRESH);
      expect((await api.db.readOne(similarOf, { ids: [itemX] })).some((r) => r.b === itemZ)).toBe(true);
      await soon.ok('mutation($id: ID!) { eraseMember(id: $id) }', { id: erased.id }, admin);
      let linked = true;
      for (let i = 0; i < 60 && linked; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        linked = (await api.db.readOne(similarOf, { ids: [itemX] })).some((r) => r.b === itemZ);
      }
      expect(linked).toBe(false);
    } finally {
      await soon.stop();
    }
  });
});

describe('who sees what', () => {
  const RESOLVE = `query($ref: AccountRef!, $app: String!) {
    resolveIdentity(ref: $ref) { member { recommendations(app: $app, first: 5) { id reason signals } } }
  }`;
  let m: { id: string; refs: Record<string, { app: string; externalId: string }> };
  beforeAll(async () => {
    m = await member(['TAOBAO', 'FLIGGY']);
    await record({ ref: m.refs.FLIGGY, type: 'BOOKING', at: daysAgo(2), amount: 4200, category: 'flight.international', detail: 'Amsterdam' });
  });

  it('a partner reads recommendations for its own app without the evidence from other apps', async () => {
    const partner = bearer(await token({ role: 'partner', app: 'TAOBAO', sub: 'taobao-backend' }));
    const res = await as(partner, RESOLVE, { ref: m.refs.TAOBAO, app: 'TAOBAO' });
    expect(res.errors).toBeUndefined();
    const list = res.data!.resolveIdentity.member.recommendations;
    expect(list[0].signals).toContain('CROSS_APP');
    expect(list[0].reason).toBe('based on your activity in the ecosystem');
    expect(JSON.stringify(res.data)).not.toMatch(/Amsterdam|FLIGGY|flight/);
  });

  it("a partner may not ask for another app's recommendations", async () => {
    const partner = bearer(await token({ role: 'partner', app: 'TAOBAO', sub: 'taobao-backend' }));
    const res = await as(partner, RESOLVE, { ref: m.refs.TAOBAO, app: 'ALIPAY' });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(JSON.stringify(res.data ?? {})).not.toMatch(/alipay-fx/);
  });

  it('the member reads its own recommendations with the evidence named', async () => {
    const self = bearer(await token({ role: 'member', sub: m.id }));
    const res = await as(self, RECOMMEND, { id: m.id, app: 'TAOBAO', first: 1 });
    expect(res.data!.member.recommendations[0].reason).toMatch(/^booked an international flight to Amsterdam on FLIGGY/);
  });

  it('only admins change cross-app signals or refresh similarity', async () => {
    for (const role of ['member', 'partner', 'analyst']) {
      const who = bearer(await token({ role, sub: m.id, app: 'TAOBAO' }));
      expect(codeOf(await as(who, REFRESH))).toBe('FORBIDDEN');
      expect(codeOf(await as(who, 'mutation { removeCrossAppSignal(fromApp: "YOUKU", fromCategory: "film", toApp: "TAOPIAOPIAO", toCategory: "ticket.cinema") }'))).toBe('FORBIDDEN');
    }
  });
});

describe('cross-app signals are data', () => {
  const SET = `mutation($input: CrossAppSignalInput!) { setCrossAppSignal(input: $input) { fromApp fromCategory toApp toCategory weight windowDays halfLifeDays } }`;
  it('an admin adds a signal, it counts from the next request, and removing it stops it', async () => {
    const category = `series.t${Date.now()}`;
    const m = await member(['YOUKU', 'TAOPIAOPIAO']);
    await record({ ref: m.refs.YOUKU, type: 'PLAY', at: daysAgo(1), category, detail: 'a costume drama' });
    expect((await recommend(m.id, 'TAOPIAOPIAO', 10)).some((r) => r.signals.includes('CROSS_APP'))).toBe(false);
    const input = { fromApp: 'YOUKU', fromCategory: category, toApp: 'TAOPIAOPIAO', toCategory: 'ticket.show', weight: 2, windowDays: 10, halfLifeDays: 3 };
    expect((await ok(SET, { input })).setCrossAppSignal).toEqual(input);
    const listed = await ok('query { crossAppSignals(app: "TAOPIAOPIAO") { fromCategory toCategory } }');
    expect(listed.crossAppSignals).toContainEqual({ fromCategory: category, toCategory: 'ticket.show' });
    const list = await recommend(m.id, 'TAOPIAOPIAO', 3);
    expect(list[0].category).toBe('ticket.show');
    expect(list[0].reason).toBe(`watched something in ${category} (a costume drama) on YOUKU yesterday`);
    const removed = await ok('mutation($a: String!, $b: String!, $c: String!, $d: String!) { removeCrossAppSignal(fromApp: $a, fromCategory: $b, toApp: $c, toCategory: $d) }', {
      a: 'YOUKU', b: category, c: 'TAOPIAOPIAO', d: 'ticket.show',
    });
    expect(removed.removeCrossAppSignal).toBe(true);
    expect((await recommend(m.id, 'TAOPIAOPIAO', 10)).some((r) => r.signals.includes('CROSS_APP'))).toBe(false);
  });

  it('refuses a signal with an unknown app or numbers out of range, writing nothing', async () => {
    const base = { fromApp: 'YOUKU', fromCategory: 'film', toApp: 'TAOPIAOPIAO', toCategory: 'ticket.cinema', weight: 1, windowDays: 10, halfLifeDays: 3 };
    for (const bad of [{ toApp: 'MYSPACE' }, { weight: -1 }, { windowDays: 0 }, { halfLifeDays: 0 }, { fromCategory: 'Film Noir' }]) {
      const res = await as(admin, SET, { input: { ...base, ...bad } });
      expect(codeOf(res)).toBe('INVALID_SIGNAL');
    }
    const signals = await ok('query { crossAppSignals { toApp fromCategory } }');
    expect(signals.crossAppSignals.some((s: any) => s.toApp === 'MYSPACE' || s.fromCategory === 'Film Noir')).toBe(false);
  });
});

describe('coded errors', () => {
  it('an unknown app is UNKNOWN_APP, a bad page size BAD_USER_INPUT', async () => {
    const m = await member(['TAOBAO']);
    expect(codeOf(await as(admin, RECOMMEND, { id: m.id, app: 'MYSPACE', first: 5 }))).toBe('UNKNOWN_APP');
    expect(codeOf(await as(admin, RECOMMEND, { id: m.id, app: 'TAOBAO', first: 0 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as(admin, RECOMMEND, { id: m.id, app: 'TAOBAO', first: 101 }))).toBe('BAD_USER_INPUT');
  });

  it('an event about an unknown item is UNKNOWN_ITEM, about an item of another app BAD_USER_INPUT; nothing is stored', async () => {
    const m = await member(['TAOBAO']);
    const at = daysAgo(1);
    expect(codeOf(await as(admin, RECORD, { input: { ref: m.refs.TAOBAO, type: 'VIEW', at, itemId: 'no-such-item' } }))).toBe('UNKNOWN_ITEM');
    const res = await as(admin, RECORD, { input: { ref: m.refs.TAOBAO, type: 'VIEW', at, itemId: 'alipay-fx-eur' } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const stored = await api.db.readOne(inline('test/events-of', 'MATCH (:Account {app: $app, externalId: $externalId})-[:DID]->(e:Event) RETURN count(e) AS n'), m.refs.TAOBAO);
    expect(stored[0].n).toBe(0);
  });

  it('an event about an item takes its category and is stored once when retried', async () => {
    const m = await member(['TAOBAO']);
    const input = { ref: m.refs.TAOBAO, type: 'VIEW', at: daysAgo(1), itemId: 'taobao-adapter-eu' };
    await record(input);
    await record(input);
    const rows = await api.db.readOne(
      inline('test/item-events-of', 'MATCH (:Account {app: $app, externalId: $externalId})-[:DID]->(e:Event)-[:OF_ITEM]->(i:Item) RETURN e.category AS category, i.id AS item'),
      m.refs.TAOBAO,
    );
    expect(rows).toEqual([{ category: 'adapter.travel', item: 'taobao-adapter-eu' }]);
  });
});

describe('recordEvents, the bulk path', () => {
  const RECORD_MANY = 'mutation($inputs: [EventInput!]!) { recordEvents(inputs: $inputs) }';
  const eventsOf = async (ref: { app: string; externalId: string }) =>
    (await api.db.readOne(inline('test/event-types-of', 'MATCH (:Account {app: $app, externalId: $externalId})-[:DID]->(e:Event) RETURN e.type AS type, e.category AS category ORDER BY type'), ref)) as { type: string; category: string | null }[];

  it('stores a batch in one call, and a retried batch stores nothing twice', async () => {
    const m = await member(['TAOBAO', 'FLIGGY']);
    const inputs = [
      { ref: m.refs.FLIGGY, type: 'BOOKING', at: daysAgo(2), amount: 4200, category: 'flight.international', detail: 'Amsterdam' },
      { ref: m.refs.TAOBAO, type: 'VIEW', at: daysAgo(1), itemId: 'taobao-adapter-eu' },
      { ref: m.refs.TAOBAO, type: 'SEARCH', at: daysAgo(1), category: 'sim.international' },
    ];
    expect((await ok(RECORD_MANY, { inputs })).recordEvents).toBe(3);
    expect((await ok(RECORD_MANY, { inputs })).recordEvents).toBe(3);
    expect(await eventsOf(m.refs.TAOBAO)).toEqual([{ type: 'SEARCH', category: 'sim.international' }, { type: 'VIEW', category: 'adapter.travel' }]);
    expect(await eventsOf(m.refs.FLIGGY)).toEqual([{ type: 'BOOKING', category: 'flight.international' }]);
    // The bulk path feeds recommendations like single events do.
    expect((await recommend(m.id, 'TAOBAO', 1))[0].reason).toBe('booked an international flight to Amsterdam on FLIGGY 2 days ago');
  });

  it('refuses the whole batch when one event is invalid or names an unknown account, saying which', async () => {
    const m = await member(['TAOBAO']);
    const good = { ref: m.refs.TAOBAO, type: 'VIEW', at: daysAgo(1) };
    const invalid = await as(admin, RECORD_MANY, { inputs: [good, { ...good, type: 'PURCHASE' }] });
    expect(invalid.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', index: 1, field: 'amount' });
    const unknown = await as(admin, RECORD_MANY, { inputs: [good, { ...good, type: 'CLICK' }, { ...good, ref: { app: 'TAOBAO', externalId: unique('nobody') } }] });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', index: 2 });
    expect(await eventsOf(m.refs.TAOBAO)).toEqual([]);
    expect(codeOf(await as(admin, RECORD_MANY, { inputs: [] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as(admin, RECORD_MANY, { inputs: Array.from({ length: 1001 }, () => good) }))).toBe('BAD_USER_INPUT');
  });

  it("lets a partner record only its own app's events, every one of them", async () => {
    const m = await member(['TAOBAO', 'ELEME']);
    const partner = bearer(await token({ role: 'partner', app: 'TAOBAO', sub: 'taobao-backend' }));
    const own = { ref: m.refs.TAOBAO, type: 'VIEW', at: daysAgo(1) };
    expect(codeOf(await as(partner, RECORD_MANY, { inputs: [own, { ...own, ref: m.refs.ELEME }] }))).toBe('FORBIDDEN');
    expect(await eventsOf(m.refs.TAOBAO)).toEqual([]);
    expect((await as(partner, RECORD_MANY, { inputs: [own] })).data?.recordEvents).toBe(1);
  });
});

describe('/readyz', () => {
  it('says which collaborative engine runs', async () => {
    const res = await fetch(api.url.replace('/graphql', '/readyz'));
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.details.recommendations.engine).toBe(process.env.NEO4J_URI ? expect.stringMatching(/^(gds|cypher)$/) : 'gds');
  });
});
