import { rebuildBrandSummaries } from '../../src/analytics/brand.summary';
import { Prng } from '../../src/bench/prng';
import { Named, statement } from '../../src/platform/neo4j/cypher';
import { EventInput, EventType } from '../../src/recommendation/event.input';
import { recordEvents } from '../../src/recommendation/event.service';
import { startTestApi, TestApi, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { inline } from '../support/graph';

type Row = { brandId: string; app: string | null; value: number };
type Window = Named<'brandIds' | 'from' | 'to'>;
// The statements from events (what leaderboards read before the summaries) and the ones from the summaries.
const FROM_EVENTS = {
  RECRUITMENT: statement<Window, Row>('analytics/leaderboard-recruitment', ['brandIds', 'from', 'to']),
  FIRST_PURCHASE: statement<Window, Row>('analytics/leaderboard-first-purchase', ['brandIds', 'from', 'to']),
};
const FROM_SUMMARIES = {
  RECRUITMENT: statement<Window, Row>('analytics/leaderboard-recruitment-summary', ['brandIds', 'from', 'to']),
  FIRST_PURCHASE: statement<Window, Row>('analytics/leaderboard-first-purchase-summary', ['brandIds', 'from', 'to']),
};
const seedBrands = statement<Named<'brands'>>('catalog/seed-brands', ['brands']);
const summariesOf = inline(
  'test/summaries-of',
  'MATCH (a:Account)-[:SUMMARIZED_IN]->(s:AccountBrand) WHERE s.brandId IN $brandIds RETURN a.id + "|" + s.brandId AS key, s.app AS app, toString(s.firstJoinAt) AS firstJoinAt, toString(s.firstPurchaseAt) AS firstPurchaseAt, toString(s.lastPurchaseAt) AS lastPurchaseAt ORDER BY key',
);

let api: TestApi;
const run = unique('sum');
const brands = [0, 1, 2].map((i) => `brand-${i}-${run}`);
const APPS = ['TAOBAO', 'TMALL', 'ELEME'];
const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 1);
const prng = new Prng(`summaries-${run}`);
const refs: { app: string; externalId: string }[] = [];
const memberOf: string[] = [];

const sorted = (rows: Row[]) => rows.map((r) => `${r.brandId} ${r.app ?? '-'} ${r.value}`).sort();

async function compareOn(windows: { from: string; to: string }[]): Promise<number> {
  let compared = 0;
  for (const window of windows) {
    for (const metric of ['RECRUITMENT', 'FIRST_PURCHASE'] as const) {
      const params = { brandIds: brands, ...window };
      const [fromEvents, fromSummaries] = await Promise.all([api.db.readOne(FROM_EVENTS[metric], params), api.db.readOne(FROM_SUMMARIES[metric], params)]);
      expect({ metric, window, rows: sorted(fromSummaries) }).toEqual({ metric, window, rows: sorted(fromEvents) });
      compared += fromEvents.length;
    }
  }
  return compared;
}

/** Random windows over the events' 40 days: some a day long, some the whole span, bounds on and between event times. */
function randomWindows(n: number): { from: string; to: string }[] {
  return Array.from({ length: n }, () => {
    const a = start + prng.int(-2, 40) * DAY + (prng.chance(0.5) ? 0 : prng.int(0, 23) * 3_600_000);
    const b = a + (prng.chance(0.3) ? DAY : prng.int(1, 45) * DAY);
    return { from: new Date(a).toISOString(), to: new Date(b).toISOString() };
  });
}

beforeAll(async () => {
  api = await startTestApi();
  await api.db.writeOne(seedBrands, {
    brands: brands.map((id, i) => ({ id, name: `Summary ${i} ${run}`, industry: `industry-${run}`, luxury: false, participatesIn: [], stores: APPS.map((app) => ({ app })) })),
  });
  // 14 members of 1 to 3 accounts (linked through a shared phone), some on the same app twice.
  for (let m = 0; m < 14; m++) {
    const phone = uniquePhone();
    const accounts = prng.int(1, 3);
    let memberId = '';
    for (let a = 0; a < accounts; a++) {
      const ref = { app: APPS[prng.int(0, APPS.length - 1)], externalId: unique('sum') };
      memberId = (await api.ok(UPSERT_MEMBER, { input: { ...ref, identifiers: [{ kind: 'PHONE', value: phone }] } })).upsertAccount.member.id;
      refs.push(ref);
    }
    while (memberOf.length < refs.length) memberOf.push(memberId);
  }
}, 120_000);
afterAll(async () => {
  await api.db.writeOne(inline('test/delete-summary-brands', 'MATCH (b:Brand) WHERE b.id IN $ids OPTIONAL MATCH (s:Store)-[:OF_BRAND]->(b) DETACH DELETE b, s'), { ids: brands });
  await api.stop();
});

describe('brand summaries kept by the event writes (AccountBrand)', () => {
  it('answer RECRUITMENT and FIRST_PURCHASE as the statements over events do, over random windows, with ties, late events, withdrawn consent and an erasure', async () => {
    // Events on few distinct instants (whole days, some at noon), so joins and first purchases tie across accounts.
    const events: EventInput[] = [];
    for (let i = 0; i < 260; i++) {
      const r = prng.int(0, refs.length - 1);
      const type = prng.chance(0.35) ? EventType.JOIN_BRAND : prng.chance(0.75) ? EventType.PURCHASE : EventType.VIEW;
      const at = new Date(start + prng.int(0, 39) * DAY + (prng.chance(0.2) ? DAY / 2 : 0));
      events.push({ ref: refs[r], type, at, brandId: brands[prng.int(0, brands.length - 1)], ...(type === EventType.PURCHASE ? { amount: 10 } : {}) } as EventInput);
    }
    // Recorded in a shuffled order (late events: earlier ones arrive after later ones), in batches of random sizes,
    // and one batch twice (a retry stores nothing twice).
    for (let i = events.length - 1; i > 0; i--) {
      const j = prng.int(0, i);
      [events[i], events[j]] = [events[j], events[i]];
    }
    for (let i = 0; i < events.length; ) {
      const n = prng.int(1, 40);
      await recordEvents(api.db, events.slice(i, i + n));
      if (i === 0) await recordEvents(api.db, events.slice(0, n));
      i += n;
    }
    // A link without ANALYTICS (its account's summaries no longer count for its member) and an erased member.
    await api.ok('mutation($ref: AccountRef!) { withdrawConsent(ref: $ref, purposes: [ANALYTICS]) { externalId } }', { ref: refs[1] });
    await api.ok('mutation($id: ID!) { eraseMember(id: $id) }', { id: memberOf[memberOf.length - 1] });
    const windows = [{ from: new Date(start - DAY).toISOString(), to: new Date(start + 50 * DAY).toISOString() }, ...randomWindows(30)];
    const compared = await compareOn(windows);
    expect(compared).toBeGreaterThan(20); // the windows found members, not only empty answers
  });

  it('are rebuilt from the events by the rebuild, to the same summaries and the same answers', async () => {
    const kept = await api.db.readOne(summariesOf, { brandIds: brands });
    expect(kept.length).toBeGreaterThan(5);
    // Lose them (a graph from before summaries), rebuild in small pages, and find the same ones.
    await api.db.writeOne(inline('test/drop-summaries', 'MATCH (s:AccountBrand) WHERE s.brandId IN $brandIds DETACH DELETE s'), { brandIds: brands });
    const pages: number[] = [];
    const done = await rebuildBrandSummaries(api.db, { page: 5, onProgress: (p) => pages.push(p.accounts) });
    expect(pages.length).toBeGreaterThan(1);
    expect(done.accounts).toBe(pages[pages.length - 1]);
    expect(await api.db.readOne(summariesOf, { brandIds: brands })).toEqual(kept);
    // Resuming after a given account rebuilds only the accounts after it.
    const resumed = await rebuildBrandSummaries(api.db, { after: done.last, page: 5 });
    expect(resumed.accounts).toBe(0);
    await compareOn(randomWindows(10));
  });

  it('are what the leaderboard answers for RECRUITMENT and FIRST_PURCHASE', async () => {
    const window = { from: new Date(start - DAY).toISOString(), to: new Date(start + 50 * DAY).toISOString() };
    for (const metric of ['RECRUITMENT', 'FIRST_PURCHASE'] as const) {
      const answer = (await api.ok(`query($i: String!, $from: DateTime!, $to: DateTime!) { leaderboard(metric: ${metric}, industry: $i, from: $from, to: $to) { value brand { id } stores { store { app } value } } }`, { i: `industry-${run}`, ...window })).leaderboard;
      const rows = await api.db.readOne(FROM_EVENTS[metric], { brandIds: brands, ...window });
      for (const entry of answer) {
        expect(entry.value).toBe(rows.find((r) => r.brandId === entry.brand.id && r.app === null)?.value ?? 0);
        for (const s of entry.stores) expect(s.value).toBe(rows.find((r) => r.brandId === entry.brand.id && r.app === s.store.app)?.value ?? 0);
      }
    }
  });
});
