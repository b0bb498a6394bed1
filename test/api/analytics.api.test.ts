import { aiplStage, AiplStage } from '../../src/analytics/aipl.rules';
import { statement, Named } from '../../src/platform/neo4j/cypher';
import { computeMemberTags, storeMemberTags } from '../../src/analytics/tag.derive';
import { codeOf, startTestApi, TestApi, testConfig, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { inline } from '../support/graph';
import { bearer, TEST_SECRET, token } from '../support/tokens';

const seedBrands = statement<Named<'brands'>>('catalog/seed-brands', ['brands']);

let api: TestApi;
let admin: Record<string, string>;
let analyst: Record<string, string>;
const run = unique('an');
const industry = `industry-${run}`;
const brandA = `brand-a-${run}`;
const brandB = `brand-b-${run}`;
const brandC = `brand-c-${run}`;

const as = (headers: Record<string, string>, query: string, variables?: Record<string, unknown>) => api.gql(query, variables, headers);
const ok = async (query: string, variables?: Record<string, unknown>, headers = admin) => {
  const res = await as(headers, query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as any;
};

/** A member with one account per app given; accounts after the first share its phone, so they link. */
async function member(apps: string[], profile: { displayName?: string; city?: string; birthDate?: string } = {}): Promise<{ id: string; refs: { app: string; externalId: string }[] }> {
  const phone = uniquePhone();
  const refs = apps.map((app) => ({ app, externalId: unique(app.toLowerCase()) }));
  let id = '';
  for (const ref of refs) {
    const data = await ok(UPSERT_MEMBER, { input: { ...ref, ...profile, identifiers: [{ kind: 'PHONE', value: phone }] } });
    id = data.upsertAccount.member.id;
  }
  return { id, refs };
}

const RECORD = 'mutation($input: EventInput!) { recordEvent(input: $input) }';
async function event(ref: { app: string; externalId: string }, type: string, at: string, brandId: string, extra: Record<string, unknown> = {}) {
  const amount = type === 'PURCHASE' ? { amount: 50 } : {};
  await ok(RECORD, { input: { ref, type, at, brandId, ...amount, ...extra } });
}

beforeAll(async () => {
  api = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET });
  admin = bearer(await token({ role: 'admin', sub: 'ops-1' }));
  analyst = bearer(await token({ role: 'analyst', sub: 'analyst-1' }));
  await api.db.writeOne(seedBrands, {
    brands: [
      { id: brandA, name: `Alpha ${run}`, industry, luxury: true, participatesIn: [], stores: [{ app: 'TMALL' }, { app: 'TAOBAO' }] },
      { id: brandB, name: `Beta ${run}`, industry, luxury: false, participatesIn: [], stores: [{ app: 'TMALL' }] },
      { id: brandC, name: `Gamma ${run}`, industry, luxury: false, participatesIn: [], stores: [{ app: 'TAOBAO' }] },
    ],
  });
});
afterAll(async () => {
  await api.db.writeOne(inline('test/delete-brands', 'MATCH (b:Brand) WHERE b.id IN $ids OPTIONAL MATCH (s:Store)-[:OF_BRAND]->(b) DETACH DELETE b, s'), { ids: [brandA, brandB, brandC] });
  await api.stop();
});

describe('brands and stores', () => {
  it('lists a brand with its industry, luxury flag and stores', async () => {
    const data = await ok('query($i: String) { brands(industry: $i) { id industry luxury stores { id app name } } }', { i: industry }, analyst);
    const alpha = data.brands.find((b: any) => b.id === brandA);
    expect(alpha).toEqual({ id: brandA, industry, luxury: true, stores: [{ id: `${brandA}@TAOBAO`, app: 'TAOBAO', name: `Alpha ${run} (TAOBAO)` }, { id: `${brandA}@TMALL`, app: 'TMALL', name: `Alpha ${run} (TMALL)` }] });
  });
});

describe('aiplFunnel', () => {
  const FUNNEL = `query($b: ID!, $from: DateTime, $to: DateTime) { aiplFunnel(brandId: $b, from: $from, to: $to) {
    brand { id } stages { stage members accounts } apps { app store { id } stages { stage members accounts } } } }`;
  const from = '2024-03-01T00:00:00.000Z';
  const to = '2024-04-01T00:00:00.000Z';

  it('counts a member once across linked accounts, and each account on its own', async () => {
    // One member who viewed on TAOBAO and bought on TMALL: PURCHASE once as a member; per account, one AWARENESS and
    // one PURCHASE. A member who bought once before the window and once in it: LOYALTY.
    const buyer = await member(['TAOBAO', 'TMALL']);
    await event(buyer.refs[0], 'VIEW', '2024-03-02T10:00:00Z', brandA);
    await event(buyer.refs[1], 'PURCHASE', '2024-03-03T10:00:00Z', brandA);
    const loyal = await member(['TMALL']);
    await event(loyal.refs[0], 'PURCHASE', '2024-01-03T10:00:00Z', brandA);
    await event(loyal.refs[0], 'PURCHASE', '2024-03-05T10:00:00Z', brandA);
    const reviewer = await member(['TAOBAO']);
    await event(reviewer.refs[0], 'REVIEW', '2024-03-06T10:00:00Z', brandA, { rating: 5 });
    const lukewarm = await member(['TAOBAO']);
    await event(lukewarm.refs[0], 'REVIEW', '2024-03-06T10:00:00Z', brandA, { rating: 2 });
    await event(lukewarm.refs[0], 'EXPOSURE', '2024-03-07T10:00:00Z', brandA);
    const outside = await member(['TAOBAO']);
    await event(outside.refs[0], 'CLICK', '2024-04-02T10:00:00Z', brandA);

    const { aiplFunnel } = await ok(FUNNEL, { b: brandA, from, to }, analyst);
    expect(aiplFunnel.stages).toEqual([
      { stage: 'AWARENESS', members: 0, accounts: 1 },
      { stage: 'INTEREST', members: 1, accounts: 1 },
      { stage: 'PURCHASE', members: 1, accounts: 1 },
      { stage: 'LOYALTY', members: 2, accounts: 2 },
    ]);
    const byApp = Object.fromEntries(aiplFunnel.apps.map((a: any) => [a.app, a]));
    expect(byApp.TMALL.store).toEqual({ id: `${brandA}@TMALL` });
    expect(byApp.TMALL.stages.map((s: any) => s.members)).toEqual([0, 0, 1, 1]);
    expect(byApp.TAOBAO.stages.map((s: any) => s.members)).toEqual([1, 1, 0, 1]);
  });

  it('matches the AIPL rules member by member on random events (the statement computes aiplStage)', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const kinds = ['VIEW', 'EXPOSURE', 'CLICK', 'FOLLOW', 'ADD_TO_CART', 'PURCHASE', 'JOIN_BRAND', 'REVIEW', 'SHARE'];
    const expected = { members: new Map<string, number>(), accounts: new Map<string, number>() };
    const add = (m: Map<string, number>, stage: AiplStage | null) => stage && m.set(stage, (m.get(stage) ?? 0) + 1);
    for (let i = 0; i < 10; i++) {
      const m = await member(i % 3 === 0 ? ['TAOBAO', 'TMALL'] : ['TMALL']);
      const perAccount = m.refs.map(() => ({ events: [] as { type: string; rating?: number }[], before: false }));
      for (let k = 0; k < 4; k++) {
        const a = Math.floor(random() * m.refs.length);
        const type = kinds[Math.floor(random() * kinds.length)];
        const inWindow = random() < 0.8;
        const day = 1 + Math.floor(random() * 27);
        const at = inWindow ? `2024-03-${String(day).padStart(2, '0')}T08:00:00Z` : `2024-02-${String(day).padStart(2, '0')}T08:00:00Z`;
        const rating = type === 'REVIEW' ? 1 + Math.floor(random() * 5) : undefined;
        await event(m.refs[a], type, at, brandB, rating ? { rating } : {});
        if (inWindow) perAccount[a].events.push({ type, rating });
        else if (type === 'PURCHASE') perAccount[a].before = true;
      }
      add(expected.members, aiplStage(perAccount.flatMap((p) => p.events), perAccount.some((p) => p.before)));
      for (const p of perAccount) add(expected.accounts, aiplStage(p.events, p.before));
    }
    const { aiplFunnel } = await ok(FUNNEL, { b: brandB, from, to }, analyst);
    for (const s of aiplFunnel.stages) {
      expect([s.stage, s.members]).toEqual([s.stage, expected.members.get(s.stage) ?? 0]);
      expect([s.stage, s.accounts]).toEqual([s.stage, expected.accounts.get(s.stage) ?? 0]);
    }
  });

  it('shows how members moved between two windows', async () => {
    const m = await member(['TAOBAO']);
    await event(m.refs[0], 'VIEW', '2024-05-02T10:00:00Z', brandC);
    await event(m.refs[0], 'PURCHASE', '2024-06-02T10:00:00Z', brandC);
    const n = await member(['TAOBAO']);
    await event(n.refs[0], 'CLICK', '2024-05-02T10:00:00Z', brandC);
    const data = await ok(
      `query($b: ID!) { aiplFunnel(brandId: $b, from: "2024-05-01T00:00:00Z", to: "2024-06-01T00:00:00Z") {
         flow(from: "2024-06-01T00:00:00Z", to: "2024-07-01T00:00:00Z") { before after members } } }`,
      { b: brandC },
      analyst,
    );
    expect(data.aiplFunnel.flow).toEqual([
      { before: 'AWARENESS', after: 'PURCHASE', members: 1 },
      { before: 'INTEREST', after: null, members: 1 },
    ]);
  });

  it('refuses an unknown brand, a reversed window and a window that is too long', async () => {
    expect(codeOf(await as(analyst, FUNNEL, { b: 'no-such-brand' }))).toBe('NOT_FOUND');
    expect(codeOf(await as(analyst, FUNNEL, { b: brandA, from: to, to: from }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as(analyst, FUNNEL, { b: brandA, from: '2020-01-01T00:00:00Z', to }))).toBe('BAD_USER_INPUT');
  });
});

describe('tags and segments', () => {
  const SEGMENT = 'query($e: SegmentExpr!) { segment(expr: $e) { count scanned sample(first: 5) { id displayName } } }';
  const t = (name: string) => `${run}-${name}`;
  let a: string, b: string, c: string;

  beforeAll(async () => {
    a = (await member(['TAOBAO'], { displayName: 'Qian Yu' })).id;
    b = (await member(['TAOBAO'])).id;
    c = (await member(['TAOBAO'])).id;
    const TAG = 'mutation($m: ID!, $t: [String!]!) { tagMember(memberId: $m, tags: $t) { id tags } }';
    await ok(TAG, { m: a, t: [t('x'), t('y')] }, analyst);
    await ok(TAG, { m: b, t: [t('x')] }, analyst);
    const res = await ok(TAG, { m: c, t: [t('y'), t('Z ').toUpperCase()] }, analyst);
    expect(res.tagMember.tags).toEqual(expect.arrayContaining([t('y'), t('z')]));
  });

  it('intersects, unites and subtracts tags', async () => {
    const count = async (e: unknown) => (await ok(SEGMENT, { e }, analyst)).segment;
    expect((await count({ tag: t('x') })).count).toBe(2);
    expect((await count({ and: [{ tag: t('x') }, { tag: t('y') }] })).count).toBe(1);
    expect((await count({ or: [{ tag: t('x') }, { tag: t('y') }] })).count).toBe(3);
    expect((await count({ and: [{ tag: t('y') }, { not: { tag: t('x') } }] })).count).toBe(1);
    expect((await count({ and: [{ tag: t('x') }, { tag: t('never-used') }] })).count).toBe(0);
    expect((await count({ or: [{ tag: t('z') }, { and: [{ tag: t('x') }, { not: { tag: t('y') } }] }] })).count).toBe(2);
  });

  it('answers a selective expression from its smallest tag, without scanning every member', async () => {
    const res = (await ok(SEGMENT, { e: { and: [{ tag: t('z') }, { or: [{ tag: t('x') }, { tag: t('y') }] }] } }, analyst)).segment;
    expect(res.count).toBe(1);
    expect(res.scanned).toBe(1);
    expect(res.sample).toEqual([{ id: c, displayName: null }]);
  });

  it('complements within the whole membership', async () => {
    // Other suites write members into the shared test database meanwhile (an import added 191 between two requests in
    // one CI run): the complement is checked exactly against the whole membership read just before and just after it,
    // on an attempt where the two agree (nothing changed in between), else within them.
    const whole = async () => (await ok('{ segment(expr: {not: {tag: "no-member-has-this-tag"}}) { count scanned } }', {}, analyst)).segment;
    let [before, without, after] = [await whole(), { count: 0 }, { count: 0, scanned: 0 }];
    for (let attempt = 0; attempt < 5; attempt++) {
      before = await whole();
      without = (await ok(SEGMENT, { e: { not: { tag: t('x') } } }, analyst)).segment;
      after = await whole();
      if (before.count === after.count) break;
    }
    // scanned is the member count read just before the scan, in the same read transaction but not the same snapshot.
    expect(Math.abs(before.count - before.scanned)).toBeLessThanOrEqual(5);
    expect(before.count).toBeGreaterThan(10);
    if (before.count === after.count) expect(without.count).toBe(before.count - 2);
    else {
      expect(without.count).toBeGreaterThanOrEqual(Math.min(before.count, after.count) - 2);
      expect(without.count).toBeLessThanOrEqual(Math.max(before.count, after.count));
    }
  });

  it('samples members masked for analysts', async () => {
    const res = (await ok(SEGMENT, { e: { and: [{ tag: t('x') }, { tag: t('y') }] } }, analyst)).segment;
    expect(res.sample).toEqual([{ id: a, displayName: 'Q***' }]);
  });

  it('derives tags from the graph: region, age, apps, 88VIP, purchases', async () => {
    const city = unique('City');
    const m = await member(['TAOBAO', 'ELEME'], { city, birthDate: '1990-04-12' });
    const now = new Date();
    for (let i = 0; i < 3; i++) await event(m.refs[0], 'PURCHASE', new Date(now.getTime() - (1 + i * 40) * 86_400_000).toISOString(), brandA);
    const refreshed = await ok('mutation($ids: [ID!]!) { refreshDerivedTags(memberIds: $ids) }', { ids: [m.id] });
    expect(refreshed.refreshDerivedTags).toBe(1);
    const { member: tagged } = await ok('query($id: ID!) { member(id: $id) { tags } }', { id: m.id }, analyst);
    expect(tagged.tags).toEqual(
      expect.arrayContaining([`region:${city.toLowerCase()}`, 'app:taobao', 'app:eleme', 'luxury-buyer', 'price-sensitive', 'recurring-buyer']),
    );
    expect(tagged.tags.some((x: string) => x.startsWith('age:'))).toBe(true);
    expect(tagged.tags).not.toContain('88vip');
    const seg = (await ok(SEGMENT, { e: { and: [{ tag: `region:${city.toLowerCase()}` }, { tag: 'luxury-buyer' }] } }, analyst)).segment;
    expect(seg.count).toBe(1);
  });

  it('keeps the tags of the derivation that read last when one that read before writes after it (the older read won)', async () => {
    const phone = uniquePhone();
    const link = (app: string) => ok(UPSERT_MEMBER, { input: { app, externalId: unique(app.toLowerCase()), identifiers: [{ kind: 'PHONE', value: phone }] } });
    const id = (await link('TAOBAO')).upsertAccount.member.id;
    const now = new Date();
    const older = await computeMemberTags(api.db, [id], now);
    await link('ELEME');
    const newer = await computeMemberTags(api.db, [id], now);
    expect(newer.generation).toBeGreaterThan(older.generation);

    await storeMemberTags(api.db, newer);
    await storeMemberTags(api.db, older);
    const tagsOf = async () => (await ok('query($id: ID!) { member(id: $id) { tags } }', { id }, analyst)).member.tags;
    expect(await tagsOf()).toEqual(expect.arrayContaining(['app:taobao', 'app:eleme']));
  });

  it('keeps one tag when two members holding it merge, set by hand if either had it by hand', async () => {
    const TAG = 'mutation($m: ID!, $t: [String!]!) { tagMember(memberId: $m, tags: $t) { id } }';
    const d = await member(['TAOBAO']);
    const e = await member(['ELEME']);
    await ok(TAG, { m: d.id, t: [t('w')] }, analyst);
    await ok(TAG, { m: e.id, t: [t('w'), t('v')] }, analyst);
    // As a derivation would have stored it on one of them: derived tags can be removed by the next derivation.
    await api.db.writeOne(inline('test/tag-as-derived', "MATCH (:Member {id: $id})-[r:HAS_TAG]->(:Tag {name: $name}) SET r.source = 'derived'"), { id: d.id, name: t('w') });
    const LINK = 'mutation($a: AccountRef!, $b: AccountRef!) { linkAccounts(a: $a, b: $b, consentId: "c-tags") { id } }';
    const survivor = (await ok(LINK, { a: d.refs[0], b: e.refs[0] })).linkAccounts.id;
    expect((await ok(SEGMENT, { e: { tag: t('w') } }, analyst)).segment.count).toBe(1);
    const sizes = (await ok('query($p: String!) { tags(prefix: $p) { name members } }', { p: t('') }, analyst)).tags;
    expect(sizes.find((x: { name: string }) => x.name === t('w')).members).toBe(1);
    const held = await api.db.readOne(inline('test/tags-held', 'MATCH (:Member {id: $id})-[r:HAS_TAG]->(t:Tag) RETURN t.name AS name, r.source AS source ORDER BY name'), { id: survivor });
    expect(held).toEqual([{ name: t('v'), source: 'manual' }, { name: t('w'), source: 'manual' }]);
  });

  it('refuses malformed expressions with INVALID_SEGMENT and the path', async () => {
    for (const e of [{}, { tag: 'a', and: [{ tag: 'b' }] }, { and: [] }, { and: [{ tag: 'ok' }, { or: [{ tag: 'bad tag!' }] }] }]) {
      const res = await as(analyst, SEGMENT, { e });
      expect(codeOf(res)).toBe('INVALID_SEGMENT');
      expect(res.errors![0].extensions!.path).toMatch(/^expr/);
    }
    let deep: any = { tag: 'x' };
    for (let i = 0; i < 9; i++) deep = { not: deep };
    expect(codeOf(await as(analyst, SEGMENT, { e: deep }))).toBe('INVALID_SEGMENT');
  });

  it('refuses derived and malformed tags by hand', async () => {
    const TAG = 'mutation($m: ID!, $t: [String!]!) { tagMember(memberId: $m, tags: $t) { id } }';
    expect(codeOf(await as(analyst, TAG, { m: a, t: ['88vip'] }))).toBe('INVALID_TAG');
    expect(codeOf(await as(analyst, TAG, { m: a, t: ['region:paris'] }))).toBe('INVALID_TAG');
    expect(codeOf(await as(analyst, TAG, { m: a, t: ['-nope'] }))).toBe('INVALID_TAG');
    expect(codeOf(await as(analyst, TAG, { m: 'no-such-member', t: ['fine'] }))).toBe('NOT_FOUND');
  });
});

describe('leaderboard', () => {
  const BOARD = `query($m: MemberOpsMetric!, $i: String!, $first: Int) { leaderboard(metric: $m, industry: $i, from: "2024-08-01T00:00:00Z", to: "2024-09-01T00:00:00Z", first: $first) {
    rank value brand { id } stores { store { app } value rank } } }`;

  beforeAll(async () => {
    // Alpha: two members join (one on each store), one of them joined before; Beta: one joins; Gamma: none.
    const x = await member(['TMALL', 'TAOBAO']);
    await event(x.refs[0], 'JOIN_BRAND', '2024-08-02T10:00:00Z', brandA);
    await event(x.refs[1], 'JOIN_BRAND', '2024-08-03T10:00:00Z', brandA);
    await event(x.refs[0], 'PURCHASE', '2024-08-04T10:00:00Z', brandA);
    await event(x.refs[1], 'PURCHASE', '2024-08-05T10:00:00Z', brandA);
    await event(x.refs[1], 'SHARE', '2024-08-06T10:00:00Z', brandA);
    const y = await member(['TAOBAO']);
    await event(y.refs[0], 'JOIN_BRAND', '2024-08-02T10:00:00Z', brandA);
    const old = await member(['TMALL']);
    await event(old.refs[0], 'JOIN_BRAND', '2024-01-02T10:00:00Z', brandA);
    await event(old.refs[0], 'JOIN_BRAND', '2024-08-02T10:00:00Z', brandA);
    await event(old.refs[0], 'PURCHASE', '2024-02-02T10:00:00Z', brandA);
    await event(old.refs[0], 'PURCHASE', '2024-08-09T10:00:00Z', brandA);
    const z = await member(['TMALL']);
    await event(z.refs[0], 'JOIN_BRAND', '2024-08-02T10:00:00Z', brandB);
    await event(z.refs[0], 'PURCHASE', '2024-08-03T10:00:00Z', brandB);
    const notMember = await member(['TMALL']);
    await event(notMember.refs[0], 'PURCHASE', '2024-08-03T10:00:00Z', brandB);
    await event(notMember.refs[0], 'REFERRAL', '2024-08-03T10:00:00Z', brandB);
    // Joins only after the window: its purchases and share in the window count for no metric.
    const late = await member(['TMALL']);
    await event(late.refs[0], 'PURCHASE', '2024-08-04T10:00:00Z', brandB);
    await event(late.refs[0], 'PURCHASE', '2024-08-10T10:00:00Z', brandB);
    await event(late.refs[0], 'SHARE', '2024-08-11T10:00:00Z', brandB);
    await event(late.refs[0], 'JOIN_BRAND', '2024-09-05T10:00:00Z', brandB);
  });

  const board = async (m: string, first?: number) => (await ok(BOARD, { m, i: industry, first }, analyst)).leaderboard;

  it('ranks recruitment: first joins in the window, a member once across stores', async () => {
    const rows = await board('RECRUITMENT');
    expect(rows.map((r: any) => [r.rank, r.brand.id, r.value])).toEqual([
      [1, brandA, 2],
      [2, brandB, 1],
      [3, brandC, 0],
    ]);
    expect(rows[0].stores).toEqual([
      { store: { app: 'TAOBAO' }, value: 2, rank: 1 },
      { store: { app: 'TMALL' }, value: 1, rank: 2 },
    ]);
  });

  it('ranks first purchase, repurchase and propagation among brand members, ties sharing a rank by name', async () => {
    expect((await board('FIRST_PURCHASE')).map((r: any) => [r.rank, r.brand.id, r.value])).toEqual([
      [1, brandA, 1],
      [1, brandB, 1],
      [3, brandC, 0],
    ]);
    const repurchase = await board('REPURCHASE');
    expect(repurchase.map((r: any) => [r.rank, r.brand.id, r.value])).toEqual([
      [1, brandA, 2],
      [2, brandB, 0],
      [2, brandC, 0],
    ]);
    expect(repurchase[0].stores).toEqual([
      { store: { app: 'TAOBAO' }, value: 1, rank: 1 },
      { store: { app: 'TMALL' }, value: 1, rank: 1 },
    ]);
    expect((await board('PROPAGATION', 1)).map((r: any) => [r.rank, r.brand.id, r.value])).toEqual([[1, brandA, 1]]);
  });

  it('refuses an unknown industry and a bad page size', async () => {
    expect(codeOf(await as(analyst, BOARD, { m: 'RECRUITMENT', i: 'no-such-industry' }))).toBe('NOT_FOUND');
    expect(codeOf(await as(analyst, BOARD, { m: 'RECRUITMENT', i: industry, first: 0 }))).toBe('BAD_USER_INPUT');
  });
});

describe('graph exploration', () => {
  let m: { id: string; refs: { app: string; externalId: string }[] };
  beforeAll(async () => {
    m = await member(['TAOBAO', 'ELEME', 'YOUKU'], { displayName: 'Sun Li' });
    await event(m.refs[0], 'VIEW', '2024-03-02T10:00:00Z', brandA);
  });
  const HOOD = 'query($id: ID!, $d: Int, $l: Int) { neighborhood(id: $id, depth: $d, limit: $l) { nodes { id labels caption } edges { source target type } truncated } }';

  it('explores around a member with personal data masked for analysts, in full for admins', async () => {
    const { neighborhood } = await ok(HOOD, { id: m.id, d: 1, l: 50 }, analyst);
    expect(neighborhood.truncated).toBe(false);
    const member = neighborhood.nodes.find((n: any) => n.id === m.id);
    expect(member.caption).toBe('S***');
    const accounts = neighborhood.nodes.filter((n: any) => n.labels.includes('Account'));
    expect(accounts).toHaveLength(3);
    for (const account of accounts) expect(account.caption).toMatch(/^[A-Z]+ .\*\*\*$/);
    expect(neighborhood.edges.filter((e: any) => e.type === 'BELONGS_TO' && e.target === m.id)).toHaveLength(3);
    const full = await ok(HOOD, { id: m.id, d: 1, l: 50 });
    expect(full.neighborhood.nodes.find((n: any) => n.id === m.id).caption).toBe('Sun Li');
    expect(JSON.stringify(neighborhood)).not.toContain(m.refs[0].externalId);
  });

  it('reaches events and the brand at depth 3, and says when the limit cut it short', async () => {
    const deep = (await ok(HOOD, { id: m.id, d: 3, l: 500 }, analyst)).neighborhood;
    expect(deep.nodes.some((n: any) => n.id === brandA)).toBe(true);
    const cut = (await ok(HOOD, { id: m.id, d: 2, l: 3 }, analyst)).neighborhood;
    expect(cut.nodes).toHaveLength(3);
    expect(cut.truncated).toBe(true);
    for (const e of cut.edges) {
      expect(cut.nodes.map((n: any) => n.id)).toEqual(expect.arrayContaining([e.source, e.target]));
    }
  });

  it('costs a subgraph by its limit (the limit bounds the node and edge lists, it does not multiply them)', async () => {
    const res = await as(analyst, `query($id: ID!) { neighborhood(id: $id) { nodes { id labels caption } edges { source target type } truncated } }`, { id: m.id });
    expect(res.errors).toBeUndefined();
    const big = await as(analyst, HOOD.replace('truncated', 'truncated nodes2: nodes { id labels caption } edges2: edges { source target type }'), { id: m.id, d: 1, l: 500 });
    expect(codeOf(big)).toBe('COST_LIMIT');
  });

  it('refuses depth over 3, a bad limit and an unknown id', async () => {
    expect(codeOf(await as(analyst, HOOD, { id: m.id, d: 4 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as(analyst, HOOD, { id: m.id, l: 0 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as(analyst, HOOD, { id: 'no-such-node' }))).toBe('NOT_FOUND');
  });

  it('finds the shortest chain between two accounts with the evidence on each link', async () => {
    const PATH = 'query($a: AccountRef!, $b: AccountRef!) { shortestPath(a: $a, b: $b) { length nodes { id labels caption } edges { type evidence } } }';
    const { shortestPath } = await ok(PATH, { a: m.refs[0], b: m.refs[1] }, admin);
    expect(shortestPath.length).toBe(2);
    expect(shortestPath.nodes.map((n: any) => n.labels[0])).toEqual(['Account', shortestPath.nodes[1].labels[0], 'Account']);
    for (const e of shortestPath.edges) expect(e.evidence).toMatch(/link \(confidence|carries PHONE/);
    const stranger = await member(['AMAP']);
    expect((await ok(PATH, { a: m.refs[0], b: stranger.refs[0] }, admin)).shortestPath).toBeNull();
    expect(codeOf(await as(admin, PATH, { a: { app: 'NOPE', externalId: 'x' }, b: m.refs[0] }))).toBe('UNKNOWN_APP');

    // Analysts name the accounts by id (they read external ids masked), and get the same chain, masked.
    const BY_IDS = 'query($a: ID!, $b: ID!) { shortestPathByIds(a: $a, b: $b) { length nodes { id labels caption } edges { type evidence } } }';
    const [a, b] = shortestPath.nodes.filter((n: any) => n.labels[0] === 'Account').map((n: any) => n.id);
    const byIds = (await ok(BY_IDS, { a, b }, analyst)).shortestPathByIds;
    expect(byIds.nodes.map((n: any) => n.id)).toEqual(shortestPath.nodes.map((n: any) => n.id));
    expect(byIds.edges).toEqual(shortestPath.edges);
    expect(JSON.stringify(byIds)).not.toContain(m.refs[0].externalId);
    expect(codeOf(await as(analyst, PATH, { a: m.refs[0], b: m.refs[1] }))).toBe('FORBIDDEN');
  });
});

describe('brandPropagation', () => {
  const PROPAGATION = `query($b: ID!, $from: DateTime, $to: DateTime, $first: Int) { brandPropagation(brandId: $b, from: $from, to: $to, first: $first) {
    engine members links communities { id size influencers { memberId reached } } influencers { memberId score reached communityId } } }`;
  const from = '2024-05-01T00:00:00.000Z';
  const to = '2024-06-01T00:00:00.000Z';
  const inWindow = '2024-05-10T10:00:00Z';

  it('finds the communities of members who pass a brand on, and who spreads it most, each member once across linked accounts', async () => {
    // Circle one: the hub shares with a, b and c (from both of its linked apps to a), a shares with b, b refers c.
    // Circle two: d shares with e, e with f. Shares outside the window or about another brand do not count.
    const hub = await member(['TAOBAO', 'TMALL']);
    const a = await member(['TAOBAO', 'TMALL']);
    const [b, c, d, e, f] = await Promise.all([1, 2, 3, 4, 5].map(() => member(['TAOBAO'])));
    const share = (who: typeof a, whom: typeof a, app = 0, type = 'SHARE', at = inWindow, brand = brandC) =>
      event(who.refs[app], type, at, brand, { to: whom.refs[app] });
    await share(hub, a);
    await share(hub, a, 1);
    await share(hub, b);
    await share(hub, c);
    await share(a, b);
    await share(b, c, 0, 'REFERRAL');
    await share(d, e);
    await share(e, f);
    await share(f, d, 0, 'SHARE', '2024-04-20T10:00:00Z');
    await share(f, d, 0, 'SHARE', inWindow, brandB);

    const { brandPropagation: report } = await ok(PROPAGATION, { b: brandC, from, to }, analyst);
    expect(report.engine).toBe('gds');
    expect(report.members).toBe(7);
    expect(report.links).toBe(7);
    const circleOne = [hub, a, b, c].map((m) => m.id).sort();
    const circleTwo = [d, e, f].map((m) => m.id).sort();
    expect(report.communities.map((k: any) => [k.id, k.size])).toEqual([[circleOne[0], 4], [circleTwo[0], 3]]);
    expect(report.communities[0].influencers[0]).toEqual({ memberId: hub.id, reached: 3 });
    expect(report.influencers[0]).toMatchObject({ memberId: hub.id, reached: 3, communityId: circleOne[0] });
    expect(report.influencers.map((i: any) => i.memberId).sort()).toEqual([...circleOne, ...circleTwo].sort());
    const scores = report.influencers.map((i: any) => i.score);
    expect(scores).toEqual([...scores].sort((x: number, y: number) => y - x));

    const again = await ok(PROPAGATION, { b: brandC, from, to, first: 1 }, analyst);
    expect(again.brandPropagation.communities).toEqual([report.communities[0]]);
    expect(again.brandPropagation.influencers.map((i: any) => i.memberId)).toEqual([hub.id]);
  });

  it('answers an empty graph for a window where nobody passed the brand on', async () => {
    const { brandPropagation: report } = await ok(PROPAGATION, { b: brandC, from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' }, analyst);
    expect(report).toEqual({ engine: 'gds', members: 0, links: 0, communities: [], influencers: [] });
  });

  it('refuses an unknown brand and a bad first with coded errors', async () => {
    expect(codeOf(await as(analyst, PROPAGATION, { b: `nobody-${run}` }))).toBe('NOT_FOUND');
    expect(codeOf(await as(analyst, PROPAGATION, { b: brandC, first: 0 }))).toBe('BAD_USER_INPUT');
  });

  it('takes the account an event was passed on to only for shares and referrals, on the same app, and existing', async () => {
    const [x, y] = await Promise.all([member(['TAOBAO', 'TMALL']), member(['TAOBAO'])]);
    const input = (extra: Record<string, unknown>) => ({ input: { ref: x.refs[0], type: 'SHARE', at: inWindow, brandId: brandC, to: y.refs[0], ...extra } });
    expect(codeOf(await as(admin, RECORD, input({ type: 'VIEW' })))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as(admin, RECORD, input({ ref: x.refs[1] })))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as(admin, RECORD, input({ to: x.refs[0] })))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as(admin, RECORD, input({ to: { app: 'TAOBAO', externalId: `nobody-${run}` } })))).toBe('NOT_FOUND');
    const stored = await api.db.readOne(inline('test/shares-of', 'MATCH (:Account {app: $app, externalId: $id})-[:DID]->(e:Event) RETURN count(e) AS n'), { app: 'TAOBAO', id: x.refs[0].externalId });
    expect(stored[0].n).toBe(0);
    const partner = bearer(await token({ role: 'partner', app: 'TAOBAO', sub: 'taobao-backend' }));
    expect(codeOf(await as(partner, RECORD, input({})))).toBeUndefined();
  });
});

describe('analytics access and budgets', () => {
  const cases = [
    ['aiplFunnel', () => ({ q: 'query($b: ID!) { aiplFunnel(brandId: $b) { stages { members } } }', v: { b: brandA } })],
    ['segment', () => ({ q: '{ segment(expr: {tag: "x"}) { count } }', v: {} })],
    ['leaderboard', () => ({ q: `{ leaderboard(metric: RECRUITMENT, industry: "${industry}", from: "2024-01-01T00:00:00Z", to: "2024-02-01T00:00:00Z") { rank } }`, v: {} })],
    ['neighborhood', () => ({ q: `{ neighborhood(id: "${brandA}", depth: 1, limit: 5) { truncated } }`, v: {} })],
    ['tagMember', () => ({ q: 'mutation { tagMember(memberId: "nobody", tags: ["x"]) { id } }', v: {} })],
    ['tags', () => ({ q: '{ tags(first: 1) { name } }', v: {} })],
    ['brandPropagation', () => ({ q: 'query($b: ID!) { brandPropagation(brandId: $b) { members } }', v: { b: brandC } })],
  ] as const;

  for (const [name, make] of cases) {
    it(`lets analysts and admins use ${name}, and no member or partner`, async () => {
      const { q, v } = make();
      const member = bearer(await token({ role: 'member', sub: 'someone' }));
      const partner = bearer(await token({ role: 'partner', app: 'TMALL', sub: 'tmall-backend' }));
      for (const who of [member, partner]) expect(codeOf(await as(who, q, v))).toBe('FORBIDDEN');
      for (const who of [analyst, admin]) expect((await as(who, q, v)).errors?.map((e) => e.extensions?.code) ?? []).not.toContain('FORBIDDEN');
    });
  }

  it('refuses with QUERY_TOO_EXPENSIVE what the planner expects to be over the budget', async () => {
    const tight = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, ANALYTICS_MAX_ESTIMATED_ROWS: '1' });
    try {
      const res = await tight.gql('{ segment(expr: {not: {tag: "x"}}) { count } }', undefined, analyst);
      expect(codeOf(res)).toBe('QUERY_TOO_EXPENSIVE');
      expect(res.errors![0].extensions).toMatchObject({ reason: 'ESTIMATE', budget: 1 });
      expect(res.errors![0].extensions!.estimatedRows).toBeGreaterThan(1);
    } finally {
      await tight.stop();
    }
  });
});
