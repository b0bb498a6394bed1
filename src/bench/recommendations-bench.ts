import 'reflect-metadata';
import neo4j from 'neo4j-driver';
import { startApi } from '../app/app';
import { logger } from '../platform/logger';
import { Named, statement } from '../platform/neo4j/cypher';
import { loadRecommendationSeeds } from '../recommendation/catalog.seed';
import { Evidence, HAVING_TYPES, rank } from '../recommendation/ranking.rules';
import { evidenceParams, memberEvidenceStatement, readEvidence } from '../recommendation/recommendation.repository';
import { refresherFor, refreshSimilarity } from '../recommendation/similarity.refresh';
import { openBenchDatabase, percentile, table } from './bench.database';
import { Prng } from './prng';

/**
 * bench:recommendations — offline quality and latency of Member.recommendations on generated members.
 *
 * Members are generated with habits that cross apps the way domain.md describes (a flight on FLIGGY, then a SIM card
 * on TAOBAO and currency on ALIPAY; a film on YOUKU, then cinema tickets; a checkup, then supplements; music, then
 * concerts) and shopping habits inside clusters of items (collaborative structure), plus noise. Events before the
 * split time T are loaded into the graph; the strong events (purchases, bookings...) of the 14 days after T are held
 * out. For each (member, app) with held-out items the member did not have before T, three rankers built from the same
 * production code (readEvidence + rank) give their top 10: popularity (the app's popular items), single-app (only the
 * asked app's own history) and cross-app (every linked account). Then latency of the GraphQL field over HTTP next to
 * the raw Cypher it runs, in the same process, and the two similarity engines side by side.
 *
 * Flags: --members N (default 100000), --eval N (member-app pairs scored, default 5000), --latency N (requests, 300).
 */

const loadMembers = statement<Named<'members'>>('bench/load-recommendation-members', ['members']);
const seedCatalog = statement<Named<'categories' | 'items' | 'destinations'>>('recommendation/seed-catalog', ['categories', 'items', 'destinations']);
/** Variants of every catalog item (same app, category and brand), so each app has a long tail and top 10 means something. */
const VARIANTS = 12;
/** A skewed variant number: low numbers are the popular ones. */
const variant = (rng: Prng): number => Math.floor(VARIANTS * rng.next() ** 2);
const DAY = 86_400_000;
const HOLDOUT_DAYS = 14;
const K = 10;

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface GenEvent {
  app: string;
  type: string;
  itemId: string;
  day: number;
  detail: string | null;
}

const CITY: Record<string, string> = { 'fliggy-flight-pvg-ams': 'Amsterdam', 'fliggy-flight-pek-nrt': 'Tokyo', 'fliggy-flight-can-bkk': 'Bangkok' };
const CLUSTERS = [
  ['taobao-nike-running', 'tmall-nike-jacket', 'taobao-uniqlo-tee', 'tmall-guess-jeans'],
  ['taobao-xiaomi-powerbank', 'taobao-huawei-earbuds', 'tmall-apple-airpods', 'tmall-huawei-watch'],
  ['tmall-lancome-serum', 'tmall-estee-lauder-night', 'tmall-loreal-cream'],
  ['tmall-prada-bag', 'tmall-montblanc-pen', 'tmall-lancome-serum'],
  ['taobao-three-squirrels-nuts', 'eleme-three-squirrels-snacks', 'eleme-coupon-20'],
];

/** One member's events over [-90, +14) days around T, from habits that cross apps. */
function generateMember(rng: Prng, byCategory: Map<string, string[]>, allItems: { id: string; app: string }[]): GenEvent[] {
  const events: GenEvent[] = [];
  const pick = (category: string) => `${rng.pick(byCategory.get(category)!)}~${variant(rng)}`;
  const day = (from: number, to: number) => from + rng.next() * (to - from);
  const add = (app: string, type: string, itemId: string, at: number, detail: string | null = null) => {
    if (at >= -90 && at < HOLDOUT_DAYS) events.push({ app, type, itemId, day: at, detail });
  };
  if (rng.chance(0.3)) {
    for (let trip = rng.int(1, 2); trip > 0; trip--) {
      const d = day(-40, 10);
      const flight = pick('FLIGGY:flight.international');
      add('FLIGGY', 'BOOKING', flight, d, CITY[flight]);
      if (rng.chance(0.6)) add('TAOBAO', 'PURCHASE', pick('TAOBAO:sim.international'), d + day(0, 5));
      if (rng.chance(0.4)) add('TAOBAO', 'PURCHASE', pick('TAOBAO:wifi.portable'), d + day(0, 5));
      if (rng.chance(0.35)) add('TAOBAO', 'PURCHASE', pick('TAOBAO:adapter.travel'), d + day(0, 5));
      if (rng.chance(0.6)) add('ALIPAY', 'PURCHASE', pick('ALIPAY:currency.exchange'), d + day(0, 6));
      if (rng.chance(0.3)) add('ALIPAY', 'PURCHASE', pick('ALIPAY:insurance.travel'), d + day(0, 3));
      if (rng.chance(0.3)) add('AMAP', 'PURCHASE', pick('AMAP:ride.airport'), d + day(0, 4));
    }
  }
  if (rng.chance(0.3)) {
    for (let film = rng.int(1, 4); film > 0; film--) {
      const d = day(-60, 12);
      add('YOUKU', 'PLAY', pick('YOUKU:film'), d);
      if (rng.chance(0.35)) add('TAOPIAOPIAO', 'BOOKING', pick('TAOPIAOPIAO:ticket.cinema'), d + day(0, 4));
    }
  }
  if (rng.chance(0.2)) {
    for (let album = rng.int(1, 3); album > 0; album--) {
      const d = day(-60, 12);
      add('NETEASE_MUSIC', 'PLAY', pick('NETEASE_MUSIC:music'), d);
      if (rng.chance(0.3)) add('TAOPIAOPIAO', 'BOOKING', pick('TAOPIAOPIAO:ticket.concert'), d + day(0, 10));
    }
  }
  if (rng.chance(0.2)) {
    const d = day(-50, 10);
    add('ALIHEALTH', 'CHECKUP', pick('ALIHEALTH:checkup'), d);
    if (rng.chance(0.5)) add('TMALL', 'PURCHASE', pick('TMALL:health.supplement'), d + day(0, 14));
    if (rng.chance(0.3)) add('TMALL', 'PURCHASE', pick('TMALL:health.device'), d + day(0, 14));
  }
  if (rng.chance(0.5)) {
    const cluster = rng.pick(CLUSTERS);
    const v = variant(rng);
    for (let n = rng.int(2, 3); n > 0; n--) {
      const id = rng.pick(cluster);
      add(allItems.find((i) => i.id === id)!.app, 'PURCHASE', `${id}~${v}`, day(-90, 14));
    }
  }
  if (rng.chance(0.4)) {
    for (let n = rng.int(1, 3); n > 0; n--) add('ELEME', 'PURCHASE', pick(rng.pick(['ELEME:meal', 'ELEME:coupon.food', 'ELEME:coffee'])), day(-90, 14));
    if (rng.chance(0.3)) add('KOUBEI', 'PURCHASE', pick('KOUBEI:dining.voucher'), day(-90, 14));
  }
  for (let n = rng.int(0, 3); n > 0; n--) {
    const it = rng.pick(allItems);
    add(it.app, rng.chance(0.5) ? 'VIEW' : 'PURCHASE', `${it.id}~${variant(rng)}`, day(-90, 14));
  }
  return events;
}

interface Truth {
  memberId: string;
  app: string;
  relevant: Set<string>;
}

function metricsAt(list: string[], relevant: Set<string>): { hit: number; recall: number; ndcg: number } {
  const top = list.slice(0, K);
  const hits = top.map((id) => (relevant.has(id) ? 1 : 0));
  const dcg = hits.reduce((s: number, h, i) => s + h / Math.log2(i + 2), 0);
  let idcg = 0;
  for (let i = 0; i < Math.min(K, relevant.size); i++) idcg += 1 / Math.log2(i + 2);
  const found = hits.reduce((a: number, b) => a + b, 0);
  return { hit: found > 0 ? 1 : 0, recall: found / relevant.size, ndcg: idcg ? dcg / idcg : 0 };
}

async function main(): Promise<void> {
  logger.level = 'warn';
  const members = flag('members', 100_000);
  const evalPairs = flag('eval', 5_000);
  const latencyRuns = flag('latency', 300);
  const bench = await openBenchDatabase('recommendations', { NEO4J_HEAP: '2g', NEO4J_PAGECACHE: '1g', RECOMMENDATION_REFRESH_MINUTES: '0' });
  try {
    const { db, config } = bench;
    const started = Date.now();
    const seeds = loadRecommendationSeeds();
    const byCategory = new Map<string, string[]>();
    for (const it of seeds.items) byCategory.set(`${it.app}:${it.category}`, [...(byCategory.get(`${it.app}:${it.category}`) ?? []), it.id]);
    const variants = seeds.items.flatMap((it) => Array.from({ length: VARIANTS }, (_, v) => ({ ...it, id: `${it.id}~${v}`, title: `${it.title} (${v})` })));
    await db.writeOne(seedCatalog, { categories: [], items: variants, destinations: [] });
    const categoryOf = new Map(variants.map((it) => [it.id, it.category]));
    const T = new Date(Date.now() - HOLDOUT_DAYS * DAY);
    const rng = new Prng('recommendations-bench');
    const strong = new Set<string>(HAVING_TYPES);

    process.stderr.write(`generating and loading ${members.toLocaleString('en-US')} members (events before T into the graph, the next ${HOLDOUT_DAYS} days held out)...\n`);
    const truths: Truth[] = [];
    let trainEvents = 0;
    let heldOut = 0;
    const BATCH = 1_000;
    for (let from = 0; from < members; from += BATCH) {
      const batch: object[] = [];
      for (let m = from; m < Math.min(members, from + BATCH); m++) {
        const memberId = `rec-m-${m}`;
        const events = generateMember(rng, byCategory, seeds.items);
        const train = events.filter((e) => e.day < 0);
        const test = events.filter((e) => e.day >= 0 && strong.has(e.type));
        const had = new Set(train.filter((e) => strong.has(e.type)).map((e) => e.itemId));
        const apps = [...new Set(events.map((e) => e.app))];
        for (const app of new Set(test.map((e) => e.app))) {
          const relevant = new Set(test.filter((e) => e.app === app && !had.has(e.itemId)).map((e) => e.itemId));
          if (relevant.size && train.length) truths.push({ memberId, app, relevant });
        }
        trainEvents += train.length;
        heldOut += test.length;
        batch.push({
          id: memberId,
          accounts: apps.map((app) => ({
            id: `${memberId}-${app}`,
            app,
            externalId: `${memberId}-${app.toLowerCase()}`,
            events: train
              .filter((e) => e.app === app)
              .map((e, i) => ({ key: `${memberId}-${app}-${i}`, type: e.type, at: new Date(T.getTime() + e.day * DAY).toISOString(), category: categoryOf.get(e.itemId)!, detail: e.detail, itemId: e.itemId })),
          })),
        });
      }
      await db.write((tx) => tx.run(loadMembers, { members: batch }), 'bench.loadMembers');
      const done = Math.min(members, from + BATCH);
      if (done % Math.max(BATCH, Math.floor(members / 10 / BATCH) * BATCH) === 0 || done === members) {
        process.stderr.write(`  ${done.toLocaleString('en-US')}/${members.toLocaleString('en-US')} members, ${trainEvents.toLocaleString('en-US')} events loaded (${Math.round((Date.now() - started) / 1000)} s)\n`);
      }
    }
    const loadSeconds = Math.round((Date.now() - started) / 1000);

    process.stderr.write('refreshing item similarity and popularity as of T, with each engine...\n');
    const engines: { engine: string; seconds: number; pairs: number; items: number }[] = [];
    const rec = config.recommendation;
    for (const engine of ['cypher', 'gds'] as const) {
      const t0 = Date.now();
      const done = await refreshSimilarity(db, { ...rec, engine }, T);
      engines.push({ engine, seconds: (Date.now() - t0) / 1000, pairs: done.pairs, items: done.items });
      process.stderr.write(`  ${engine}: ${done.pairs} pairs in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }

    const sample = truths.filter((_, i) => i % Math.max(1, Math.floor(truths.length / evalPairs)) === 0).slice(0, evalPairs);
    process.stderr.write(`scoring ${sample.length.toLocaleString('en-US')} member-app pairs with held-out items (of ${truths.length.toLocaleString('en-US')})...\n`);
    const totals = { popularity: { hit: 0, recall: 0, ndcg: 0 }, single: { hit: 0, recall: 0, ndcg: 0 }, cross: { hit: 0, recall: 0, ndcg: 0 } };
    const boost = rec.discountBoostPercent / 100;
    const byApp = new Map<string, Truth[]>();
    for (const t of sample) byApp.set(t.app, [...(byApp.get(t.app) ?? []), t]);
    let scored = 0;
    const perApp = new Map<string, { n: number; popularity: number; single: number; cross: number }>();
    for (const [app, truthsOfApp] of byApp) {
      for (let i = 0; i < truthsOfApp.length; i += 200) {
        const chunk = truthsOfApp.slice(i, i + 200);
        const ids = chunk.map((t) => t.memberId);
        const [full, single] = await Promise.all([readEvidence(db, evidenceParams(ids, app, T, false, K)), readEvidence(db, evidenceParams(ids, app, T, true, K))]);
        for (const t of chunk) {
          const f = full.get(t.memberId)!;
          const s = single.get(t.memberId)!;
          const popularOnly: Evidence = { ...f, history: [], collaborative: [], signals: [] };
          const options = { app, now: T, first: K, discountBoost: boost };
          const add = (into: { hit: number; recall: number; ndcg: number }, evidence: Evidence) => {
            const m = metricsAt(rank(evidence, options).map((r) => r.item.id), t.relevant);
            into.hit += m.hit;
            into.recall += m.recall;
            into.ndcg += m.ndcg;
            return m.ndcg;
          };
          const p = perApp.get(app) ?? { n: 0, popularity: 0, single: 0, cross: 0 };
          p.n++;
          p.popularity += add(totals.popularity, popularOnly);
          p.single += add(totals.single, s);
          p.cross += add(totals.cross, f);
          perApp.set(app, p);
        }
        scored += chunk.length;
      }
      process.stderr.write(`  ${scored}/${sample.length}\n`);
    }
    const n = sample.length;
    const row = (name: string, m: { hit: number; recall: number; ndcg: number }) => [name, (m.hit / n).toFixed(3), (m.recall / n).toFixed(3), (m.ndcg / n).toFixed(3)];

    process.stderr.write(`latency: ${latencyRuns} requests over HTTP and the same statement through the driver...\n`);
    const app = await startApi({ ...config, port: 0 }, db);
    // The server refreshes similarity once at start: let it finish before measuring.
    await refresherFor(db, config.recommendation, logger).refreshNow();
    const session = () => db.driver.session({ database: config.neo4j.database, defaultAccessMode: neo4j.session.READ });
    const rngL = new Prng('latency');
    const targets = Array.from({ length: latencyRuns }, () => rngL.pick(truths));
    const query = 'query($id: ID!, $app: String!) { member(id: $id) { recommendations(app: $app, first: 10) { id title score reason } } }';
    const http: number[] = [];
    const raw: number[] = [];
    const now = new Date();
    for (let round = 0; round < 2; round++) {
      for (const t of targets) {
        const params = evidenceParams([t.memberId], t.app, now, false, K);
        const s = session();
        const r0 = process.hrtime.bigint();
        await s.run(memberEvidenceStatement.text, params);
        const r1 = process.hrtime.bigint();
        await s.close();
        const h0 = process.hrtime.bigint();
        const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { id: t.memberId, app: t.app } }) });
        const body = (await res.json()) as { errors?: unknown };
        const h1 = process.hrtime.bigint();
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        if (round === 1) {
          raw.push(Number(r1 - r0) / 1e6);
          http.push(Number(h1 - h0) / 1e6);
        }
      }
    }
    await app.stop();
    const ms = (v: number) => v.toFixed(1);

    console.log(`\n## bench:recommendations — ${members.toLocaleString('en-US')} members, ${trainEvents.toLocaleString('en-US')} events before T, ${heldOut.toLocaleString('en-US')} held-out strong events (loaded in ${loadSeconds} s)\n`);
    console.log(`Catalog: ${variants.length.toLocaleString('en-US')} items (${VARIANTS} variants of each of the ${seeds.items.length} seeded items, popularity skewed). Similarity refreshed as of T; rankings as of T.\n`);
    console.log(`Offline quality @${K}, ${n.toLocaleString('en-US')} member-app pairs with held-out items the member did not have before T:\n`);
    console.log(table(['ranker', `hit rate@${K}`, `recall@${K}`, `NDCG@${K}`], [row('popularity (the app\'s popular items)', totals.popularity), row('single-app (only the asked app\'s history)', totals.single), row('cross-app (every linked account)', totals.cross)]));
    console.log(`\ncross-app lift over single-app: hit rate ×${(totals.cross.hit / Math.max(1e-9, totals.single.hit)).toFixed(2)}, NDCG ×${(totals.cross.ndcg / Math.max(1e-9, totals.single.ndcg)).toFixed(2)}\n`);
    console.log(`NDCG@${K} per app asked:\n`);
    console.log(
      table(
        ['app', 'pairs', 'popularity', 'single-app', 'cross-app'],
        [...perApp].sort((a, b) => b[1].n - a[1].n).map(([a, p]) => [a, p.n, (p.popularity / p.n).toFixed(3), (p.single / p.n).toFixed(3), (p.cross / p.n).toFixed(3)]),
      ),
    );
    console.log('');
    console.log(`Latency of recommendations(app, first: 10), ${latencyRuns} requests one at a time after a warm-up round:\n`);
    console.log(
      table(
        ['path', 'median ms', 'p95 ms'],
        [
          ['GraphQL over HTTP (Member.recommendations)', ms(percentile(http, 50)), ms(percentile(http, 95))],
          ['raw Cypher (member-evidence through the driver)', ms(percentile(raw, 50)), ms(percentile(raw, 95))],
        ],
      ),
    );
    console.log(`\nratio of medians (GraphQL / raw): ${(percentile(http, 50) / percentile(raw, 50)).toFixed(2)}\n`);
    console.log('Item similarity refresh (background), each engine on the same graph:\n');
    console.log(table(['engine', 'seconds', 'items', 'SIMILAR pairs'], engines.map((e) => [e.engine, e.seconds.toFixed(1), e.items, e.pairs])));
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
