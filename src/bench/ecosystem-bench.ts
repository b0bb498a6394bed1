import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import neo4j from 'neo4j-driver';
import { AWARENESS_EVENTS, GOOD_REVIEW_RATING, INTEREST_EVENTS } from '../analytics/aipl.rules';
import { startApi } from '../app/app';
import { APPS } from '../identity/app.registry';
import { usageWindow } from '../membership/membership.service';
import { logger } from '../platform/logger';
import { statement, Statement } from '../platform/neo4j/cypher';
import { toPlain } from '../platform/neo4j/database';
import { loadRecommendationSeeds } from '../recommendation/catalog.seed';
import { evidenceParams, memberEvidenceStatement } from '../recommendation/recommendation.repository';
import { openBenchDatabase, table } from './bench.database';
import { ecosystemBatch, ecosystemBrands, ecosystemItems } from './ecosystem.generate';
import { EcosystemSummary, generateEcosystem, generatedYearEnd } from './ecosystem.load';
import { resolveFloorAnswer, startHttpFloor } from './http.floor';
import { withCpuProfile } from './cpu.profile';
import { estimatedRows } from '../platform/neo4j/bounded.read';
import { GraphQLBodies, loadHttp } from './http.load';
import { closedLoop, LoadResult, LoadSamples, summarize, withMainThreadBusy } from './load.stats';
import { PEER_PROFILE_QUERY, PEER_RESOLVE_QUERY, startPeerServer } from './peer.server';
import { Prng } from './prng';

const resolveFloor = statement('bench/resolve-identity-floor', ['app', 'externalId']);
const profileFloor = statement('bench/member-profile-floor', ['id', 'app', 'monthStart', 'yearStart']);
const coreFloor = statement('bench/member-core-floor', ['id']);
const eligibilityFloor = statement('bench/benefit-eligibility-floor', ['app', 'externalId', 'monthStart', 'yearStart']);
const storeAccountFloor = statement('bench/store-account-floor', ['app', 'externalId', 'hash']);
const segmentFloor = statement('bench/segment-count-floor', ['driver', 'other']);
const funnelFloor = statement('analytics/aipl-funnel', ['brandId', 'from', 'to', 'awareness', 'interest', 'goodRating']);
const leaderboardFloor = statement('analytics/leaderboard-repurchase', ['brandIds', 'from', 'to']);
const runningTransactions = statement('bench/running-transactions', []);
const pageCacheSample = statement('bench/page-cache-sample', []);
const jvmHeap = statement('bench/jvm-heap', []);

const PROFILE_PAGE_QUERY =
  'query($id: ID!) { member(id: $id) { id displayName loyaltyScore accounts { id externalId app { code } identifiers { kind masked } } memberships { program status since until } benefits(app: "ELEME") { eligible reasons remainingUses benefit { id name } } recommendations(app: "TAOBAO", first: 10) { id title score reason } } }';
const PROFILE_CORE_QUERY =
  'query($id: ID!) { member(id: $id) { id displayName loyaltyScore accounts { id externalId app { code } displayName identifiers { kind masked } } memberships { program since until pricePaid } } }';
const RESOLVE_QUERY = 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { account { id } member { id } linkedApps } }';
const ELIGIBILITY_QUERY = 'query($ref: AccountRef!) { benefitEligibility(ref: $ref, benefitId: "vip88-eleme-red-envelope") { eligible reasons remainingUses } }';
const UPSERT_QUERY = 'mutation($input: AccountInput!) { upsertAccount(input: $input) { decision account { id } member { id } } }';
const SEGMENT_QUERY = 'query($e: SegmentExpr!) { segment(expr: $e) { count } }';
const FUNNEL_QUERY = 'query($b: ID!, $from: DateTime, $to: DateTime) { aiplFunnel(brandId: $b, from: $from, to: $to) { stages { stage members } } }';
const LEADERBOARD_QUERY = 'query($from: DateTime!, $to: DateTime!) { leaderboard(metric: REPURCHASE, industry: "beauty", from: $from, to: $to) { rank value brand { id } } }';
const SEGMENT_TAGS = { driver: '88vip', other: 'luxury-buyer' };
const FUNNEL_BRAND = 'brand-nike';
/** New accounts' phones for upsertAccount are counted up from here, a block of a million per run and size. */
const FIRST_PHONE = 19_900_000_000;

interface Args {
  sizes: number[];
  duration: number;
  warmup: number;
  clients: number[];
  samples: number;
  seed: string;
  eventsPerMember: number;
  itemEventsPerMember: number;
  out: string | null;
  quick: boolean;
  /** Runs per side in a cell: 2 (A-B-C-C-B-A, drift cancels) or, for --quick, 1. */
  halves: number;
  /** Only the paths whose name contains one of these words (lower case); empty: all. */
  paths: string[];
  /** A directory for the main thread's CPU profile of each API run, or null. */
  profile: string | null;
}

const USAGE = 'usage: npm run bench -- [--quick] [--sizes 10000,100000] [--duration 4] [--warmup 1] [--clients 1,8,32] [--events 16] [--item-events 6] [--paths segment,funnel] [--profile dir] [--out file.json]';

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const known = new Set(['--quick', '--sizes', '--duration', '--warmup', '--clients', '--samples', '--seed', '--events', '--item-events', '--out', '--paths', '--profile']);
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown option ${a}\n${USAGE}`);
  const flag = (name: string, fallback: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const args: Args = {
    sizes: flag('sizes', quick ? '1000' : '10000,100000').split(',').map(Number),
    duration: Number(flag('duration', quick ? '1' : '4')),
    warmup: Number(flag('warmup', quick ? '0.25' : '1')),
    clients: flag('clients', '1,8,32').split(',').map(Number),
    samples: Number(flag('samples', '2000')),
    seed: flag('seed', 'eco-1'),
    eventsPerMember: Number(flag('events', quick ? '6' : '16')),
    itemEventsPerMember: Number(flag('item-events', quick ? '3' : '6')),
    out: flag('out', '') || null,
    quick,
    halves: quick ? 1 : 2,
    paths: flag('paths', '').toLowerCase().split(',').filter(Boolean),
    profile: flag('profile', '') || null,
  };
  if (args.sizes.some((s, i) => !Number.isInteger(s) || s < 100 || (i > 0 && s <= args.sizes[i - 1]))) throw new Error(`--sizes must grow, whole numbers of at least 100\n${USAGE}`);
  if (!(args.duration >= 1)) throw new Error(`--duration must be at least 1 second per side\n${USAGE}`);
  if (args.clients.some((c) => !Number.isInteger(c) || c < 1)) throw new Error(`--clients must be whole numbers\n${USAGE}`);
  return args;
}

const say = (line: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
};

/** The text a floor sends: without its header comment and runs of whitespace (see bench:api on delayed ACKs). */
const compact = (text: string): string => text.replace(/^\s*\/\/.*$/gm, '').replace(/\s+/g, ' ').trim();

/** api (b), floor (a), peer (c), and httpFloor: the floor's statement behind a bare node:http server (http.floor.ts). */
type Side = 'api' | 'floor' | 'peer' | 'httpFloor';

interface Path {
  name: string;
  /** What answers on each side; a missing side is not measured. */
  sides: Partial<Record<Side, (clients: number, seconds: number) => Promise<LoadSamples>>>;
}

interface ProcessStats {
  /** Highest resident set size of this process (API, peer, load thread) during the API's runs, bytes. */
  rssMax: number;
  /** Event-loop delay of the main thread during the API's runs, ms. */
  loopDelayP50: number;
  loopDelayP99: number;
  loopDelayMax: number;
  /** Page-cache hits and faults of the transactions sampled while the API ran (SHOW TRANSACTIONS every 50 ms). */
  pageHits: number;
  pageFaults: number;
}

interface Cell {
  size: number;
  path: string;
  clients: number;
  results: Partial<Record<Side, LoadResult>>;
  stats: ProcessStats;
}

/** Runs a load while sampling the process's RSS, the event-loop delay and the page cache of running transactions. */
async function withProcessStats(load: () => Promise<LoadSamples>, sampleTransactions: () => Promise<{ id: string; hits: number; faults: number }[]>): Promise<{ samples: LoadSamples; stats: ProcessStats }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let rssMax = process.memoryUsage.rss();
  const seen = new Map<string, { hits: number; faults: number }>();
  let running = true;
  const sampler = (async () => {
    while (running) {
      rssMax = Math.max(rssMax, process.memoryUsage.rss());
      for (const t of await sampleTransactions().catch(() => [])) {
        const before = seen.get(t.id);
        if (!before || t.hits + t.faults > before.hits + before.faults) seen.set(t.id, { hits: t.hits, faults: t.faults });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const samples = await withMainThreadBusy(load);
  running = false;
  await sampler;
  delay.disable();
  const totals = [...seen.values()].reduce((s, t) => ({ hits: s.hits + t.hits, faults: s.faults + t.faults }), { hits: 0, faults: 0 });
  return {
    samples,
    stats: { rssMax, loopDelayP50: delay.percentile(50) / 1e6, loopDelayP99: delay.percentile(99) / 1e6, loopDelayMax: delay.max / 1e6, pageHits: totals.hits, pageFaults: totals.faults },
  };
}

const mergeStats = (a: ProcessStats | null, b: ProcessStats): ProcessStats =>
  a
    ? {
        rssMax: Math.max(a.rssMax, b.rssMax),
        loopDelayP50: Math.max(a.loopDelayP50, b.loopDelayP50),
        loopDelayP99: Math.max(a.loopDelayP99, b.loopDelayP99),
        loopDelayMax: Math.max(a.loopDelayMax, b.loopDelayMax),
        pageHits: a.pageHits + b.pageHits,
        pageFaults: a.pageFaults + b.pageFaults,
      }
    : b;

/**
 * `npm run bench -- [--quick] [--sizes 10000,100000]`: the whole API over HTTP (autocannon, closed loop, 1/8/32
 * clients) on the generated ecosystem, next to (a) its raw-driver floor (the same answer from the best single
 * statement, no GraphQL, no HTTP) and (c) a peer server generated by @neo4j/graphql over the same database, all in
 * one run, and for the core profile and resolveIdentity also the floor's statement behind a bare node:http server
 * (what any HTTP API on Node costs, so b and c can be read against it); then the graph grows to the next size and the same cells run again. Each cell is `--duration` seconds per
 * side in two halves, ordered A-B-C-C-B-A (rotated by cell), so drift on this shared machine hits all sides alike;
 * `--quick` runs each side once for 1 s on 1,000 members after 0.25 s of warm-up, to check a change in under three
 * minutes.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  for (const name of ['AUTH_JWT_SECRET', 'AUTH_JWT_PUBLIC_KEY_FILE', 'AUTH_JWKS_FILE']) delete process.env[name];
  Object.assign(process.env, { NODE_ENV: 'development', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_TOKEN: '0', RECOMMENDATION_REFRESH_MINUTES: '0' });
  logger.level = process.env.LOG_LEVEL ?? 'warn';
  const startedAt = new Date();
  const bench = await openBenchDatabase('ecosystem', { NEO4J_HEAP: '2g', NEO4J_PAGECACHE: '2g', NEO4J_QUERY_TIMEOUT_MS: '120000' });
  const cells: Cell[] = [];
  const graphs: Graph[] = [];
  try {
    const { db, config } = bench;
    const database = config.neo4j.database;
    const run = async (s: Statement, params: Record<string, unknown>, mode: 'READ' | 'WRITE' = 'READ') => {
      const session = db.driver.session({ database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
      try {
        return (await session.run(compact(s.text), params)).records.map((r) => r.toObject());
      } finally {
        await session.close();
      }
    };
    const sampleTransactions = async () =>
      (await run(pageCacheSample, {})).map((r) => ({ id: String(r.id), hits: Number(r.hits), faults: Number(r.faults) }));
    const untilIdle = async (): Promise<void> => {
      const deadline = Date.now() + 60_000;
      for (let quiet = 0; quiet < (args.quick ? 1 : 3) && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, args.quick ? 50 : 100));
        const [row] = await run(runningTransactions, {});
        quiet = row.idle ? quiet + 1 : 0;
      }
    };
    const brands = ecosystemBrands();
    const items = ecosystemItems(loadRecommendationSeeds().items, brands);
    const beauty = brands.filter((b) => b.industry === 'beauty').map((b) => b.id);
    const end = generatedYearEnd();
    const window = { from: new Date(end - 365 * 86_400_000).toISOString(), to: new Date(end).toISOString() };
    const periods = usageWindow(new Date(), config.programs.periodUtcOffsetHours);
    const periodParams = { monthStart: periods.monthStart.toISOString(), yearStart: periods.yearStart.toISOString() };

    let generated = 0;
    for (const size of args.sizes) {
      say(`generating members ${generated.toLocaleString('en-US')} to ${size.toLocaleString('en-US')}...`);
      const summary = await generateEcosystem(db, config.identifierHashKey, {
        members: size, from: generated, seed: args.seed, eventsPerMember: args.eventsPerMember, itemEventsPerMember: args.itemEventsPerMember,
        batch: 1_000, truthPath: null, progress: process.stderr,
      }, end);
      generated = size;

      // Requests draw members and accounts from the whole graph, regenerated from the seed (no read of the graph).
      const prng = new Prng(`${args.seed}-requests-${size}`);
      const memberNumbers = Array.from({ length: args.samples }, () => prng.int(0, size - 1));
      const memberIds = memberNumbers.map((n) => `dbk-${String(n).padStart(8, '0')}`);
      const refs = memberNumbers.slice(0, Math.min(500, args.samples)).flatMap((n) => {
        const b = ecosystemBatch(n, 1, { seed: args.seed, eventsPerMember: args.eventsPerMember, itemEventsPerMember: args.itemEventsPerMember, end, brands, items, hashKey: config.identifierHashKey });
        return b.apps.map((app, a) => ({ app, externalId: b.externalIds[a] }));
      });
      const elemeRefs = refs.filter((r) => r.app === 'ELEME');

      const api = await startApi({ ...config, port: 0 }, db);
      const peer = await startPeerServer(db.driver, database);
      // What any HTTP API on Node pays on top of the floor: b ÷ httpFloor is GraphQL, Apollo and our layer alone.
      const httpFloor = await startHttpFloor({
        '/core': async ({ variables }) => JSON.stringify({ data: { member: toPlain((await run(coreFloor, { id: variables?.id }))[0] ?? null) } }),
        '/resolve': async ({ variables }) => resolveFloorAnswer((await run(resolveFloor, variables?.ref ?? {}))[0]),
      });
      const url = `http://127.0.0.1:${api.port}/graphql`;
      await untilSimilarityRefreshed(`http://127.0.0.1:${api.port}/readyz`);
      const checked = args.quick ? 5 : 10;
      await checkSidesAgree(url, peer.url, memberIds.slice(0, checked), refs.slice(0, checked), run);
      const cycle = (target: string, query: string, variables: Record<string, unknown>[]) => (clients: number, seconds: number) =>
        loadHttp({ url: target, concurrency: clients, seconds, bodies: { kind: 'cycle', query, variables, start: prng.int(0, variables.length - 1) } });
      const loop = (work: (n: number) => Promise<unknown>) => (clients: number, seconds: number) => {
        const start = prng.int(0, 1_000_000);
        return closedLoop(clients, seconds, (n) => work(start + n));
      };
      let upsertBlock = 0;
      const runTag = Date.now().toString(36);
      // What the analytics budget sees of the analytics floors: the planner's estimate (ANALYTICS_GATED_ROWS decides
      // from it whether a statement waits for the analytics gate).
      const explainRows = async (s: Statement, params: Record<string, unknown>) => {
        const session = db.driver.session({ database, defaultAccessMode: neo4j.session.READ });
        try {
          return Math.round(estimatedRows((await session.run(`EXPLAIN ${s.text}`, params)).summary.plan));
        } finally {
          await session.close();
        }
      };
      say(`planner estimates (rows, all operators): segment ${await explainRows(segmentFloor, SEGMENT_TAGS)}, funnel ${await explainRows(funnelFloor, { brandId: FUNNEL_BRAND, ...window, awareness: AWARENESS_EVENTS, interest: INTEREST_EVENTS, goodRating: neo4j.int(GOOD_REVIEW_RATING) })}, leaderboard ${await explainRows(leaderboardFloor, { brandIds: beauty, ...window })}; ANALYTICS_GATED_ROWS ${config.analytics.gatedRows}`);
      const paths: Path[] = [
        {
          name: 'profile page (accounts, memberships, benefits, recommendations)',
          sides: {
            api: cycle(url, PROFILE_PAGE_QUERY, memberIds.map((id) => ({ id }))),
            // The best raw reads of the same page: the profile statement and the recommendation evidence, in parallel.
            floor: loop((n) => {
              const id = memberIds[n % memberIds.length];
              return Promise.all([run(profileFloor, { id, app: 'ELEME', ...periodParams }), run(memberEvidenceStatement as unknown as Statement, evidenceParams([id], 'TAOBAO', new Date(), false, 10) as unknown as Record<string, unknown>)]);
            }),
          },
        },
        {
          name: 'profile core (accounts with identifiers, memberships)',
          sides: {
            api: cycle(url, PROFILE_CORE_QUERY, memberIds.map((id) => ({ id }))),
            floor: loop((n) => run(coreFloor, { id: memberIds[n % memberIds.length] })),
            peer: cycle(peer.url, PEER_PROFILE_QUERY, memberIds.map((id) => ({ id }))),
            httpFloor: cycle(httpFloor.url('/core'), PROFILE_CORE_QUERY, memberIds.map((id) => ({ id }))),
          },
        },
        {
          name: 'resolveIdentity',
          sides: {
            api: cycle(url, RESOLVE_QUERY, refs.map((ref) => ({ ref }))),
            floor: loop((n) => run(resolveFloor, refs[n % refs.length])),
            peer: cycle(peer.url, PEER_RESOLVE_QUERY, refs),
            httpFloor: cycle(httpFloor.url('/resolve'), RESOLVE_QUERY, refs.map((ref) => ({ ref }))),
          },
        },
        {
          name: 'benefitEligibility (ELEME coupon)',
          sides: {
            api: cycle(url, ELIGIBILITY_QUERY, elemeRefs.map((ref) => ({ ref }))),
            floor: loop((n) => run(eligibilityFloor, { ...elemeRefs[n % elemeRefs.length], ...periodParams })),
          },
        },
        {
          name: 'upsertAccount (new account) vs a plain committed MERGE',
          sides: {
            api: (clients, seconds) => {
              const block = upsertBlock++;
              const bodies: GraphQLBodies = { kind: 'newAccounts', query: UPSERT_QUERY, apps: APPS.map((a) => a.code), prefix: `eco-new-${runTag}-${size}-${block}`, firstPhone: FIRST_PHONE + (size % 97) * 1_000_000 + block * 10_000 };
              return loadHttp({ url, concurrency: clients, seconds, bodies });
            },
            floor: (clients, seconds) => {
              const block = upsertBlock++;
              return closedLoop(clients, seconds, (n) => run(storeAccountFloor, { app: APPS[n % APPS.length].code, externalId: `eco-floor-${runTag}-${size}-${block}-${n}`, hash: `eco-floor-${runTag}-${size}-${block}-${n}` }, 'WRITE'));
            },
          },
        },
        {
          name: 'segment count (88vip and luxury-buyer)',
          sides: {
            api: cycle(url, SEGMENT_QUERY, [{ e: { and: [{ tag: SEGMENT_TAGS.driver }, { tag: SEGMENT_TAGS.other }] } }]),
            floor: loop(() => run(segmentFloor, SEGMENT_TAGS)),
          },
        },
        {
          name: `AIPL funnel (${FUNNEL_BRAND}, one year)`,
          sides: {
            api: cycle(url, FUNNEL_QUERY, [{ b: FUNNEL_BRAND, ...window }]),
            floor: loop(() => run(funnelFloor, { brandId: FUNNEL_BRAND, ...window, awareness: AWARENESS_EVENTS, interest: INTEREST_EVENTS, goodRating: neo4j.int(GOOD_REVIEW_RATING) })),
          },
        },
        {
          name: 'leaderboard (REPURCHASE, beauty, one year)',
          sides: {
            api: cycle(url, LEADERBOARD_QUERY, [window]),
            floor: loop(() => run(leaderboardFloor, { brandIds: beauty, ...window })),
          },
        },
      ];

      const half = args.duration / args.halves;
      for (const [p, path] of paths.entries()) {
        if (args.paths.length && !args.paths.some((word) => path.name.toLowerCase().includes(word))) continue;
        const sides = (Object.keys(path.sides) as Side[]);
        if (args.warmup > 0) {
          say(`${path.name}: warming up`);
          for (const side of sides) {
            await path.sides[side]!(8, args.warmup);
            await untilIdle();
          }
        }
        for (const [level, clients] of args.clients.entries()) {
          const rotated = sides.map((_, i) => sides[(i + level + p) % sides.length]);
          const order = args.halves === 2 ? [...rotated, ...[...rotated].reverse()] : rotated;
          const runs: Partial<Record<Side, LoadSamples[]>> = {};
          let stats: ProcessStats | null = null;
          for (const side of order) {
            if (side === 'api') {
              const load = () => path.sides.api!(clients, half);
              const profiled = args.profile ? () => withCpuProfile(`${args.profile}/${size}-${path.name.split(' ')[0]}-${path.name.split(' ')[1] ?? ''}-${clients}.cpuprofile`, load) : load;
              const measured = await withProcessStats(profiled, sampleTransactions);
              (runs.api ??= []).push(measured.samples);
              stats = mergeStats(stats, measured.stats);
            } else {
              (runs[side] ??= []).push(await withMainThreadBusy(() => path.sides[side]!(clients, half)));
            }
            await untilIdle();
          }
          const results = Object.fromEntries(Object.entries(runs).map(([side, r]) => [side, summarize(r!)])) as Partial<Record<Side, LoadResult>>;
          cells.push({ size, path: path.name, clients, results, stats: stats! });
          const line = (Object.entries(results) as [Side, LoadResult][])
            .map(([side, r]) => `${side} ${r.perSecond.toFixed(0)}/s p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)}${r.errors ? ` (${r.errors} errors: ${r.firstError?.slice(0, 120)})` : ''}`)
            .join(' | ');
          say(`  ${size} members, ${path.name}, ${clients} clients: ${line}`);
        }
      }
      const [heap] = await run(jvmHeap, {});
      graphs.push({ size, summary, heap: { used: Number(heap.used), committed: Number(heap.committed), max: Number(heap.max) }, storeBytes: storeSize(bench.dataDir), loadAverage: os.loadavg() });
      // A long growth run (1M members takes hours) leaves each finished size behind, in case a later one never ends.
      say(describeGraph(graphs[graphs.length - 1]));
      if (args.out) fs.writeFileSync(args.out, JSON.stringify({ startedAt, args, graphs, cells, partial: size !== args.sizes[args.sizes.length - 1] }, null, 2));
      await httpFloor.stop();
      await peer.stop();
      await api.stop();
    }
    const report = describe(args, startedAt, graphs, cells);
    process.stdout.write(report);
    if (args.out) fs.writeFileSync(args.out, JSON.stringify({ startedAt, args, graphs, cells }, null, 2));
  } finally {
    await bench.close();
  }
}

/**
 * Waits for the API's start-up refresh of item similarity (it rewrites SIMILAR in the background), so the first
 * measured paths do not share Neo4j with it.
 */
async function untilSimilarityRefreshed(readyz: string): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const body = (await (await fetch(readyz)).json().catch(() => ({}))) as { details?: { recommendations?: { lastRefreshAt?: string | null; lastError?: string | null } } };
    const r = body.details?.recommendations;
    if (r?.lastRefreshAt || r?.lastError) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  say('the start-up similarity refresh did not finish in 10 minutes; measuring anyway');
}

/** Bytes of the store files under the embedded data directory, or null with NEO4J_URI. */
function storeSize(dataDir: string | null): number | null {
  if (!dataDir) return null;
  const walk = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((s, e) => {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) return s + walk(p);
      return s + (e.isFile() ? fs.statSync(p).size : 0);
    }, 0);
  try {
    return walk(`${dataDir}/data/databases/neo4j`);
  } catch {
    return null;
  }
}

/**
 * The three sides must answer the same question, or the ratios compare different work: the API's core profile and
 * resolve against the floor's and the peer's, on a few samples; stops the run on the first difference.
 */
async function checkSidesAgree(
  url: string,
  peerUrl: string,
  memberIds: string[],
  refs: { app: string; externalId: string }[],
  run: (s: Statement, params: Record<string, unknown>) => Promise<Record<string, any>[]>,
): Promise<void> {
  const post = async (target: string, query: string, variables: Record<string, unknown>) => {
    const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (!res.ok || body.errors) throw new Error(`${target}: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const same = (what: string, a: unknown, b: unknown, c: unknown): void => {
    const [x, y, z] = [a, b, c].map((v) => JSON.stringify(v));
    if (x !== y || x !== z) throw new Error(`the sides answer ${what} differently:\nAPI   ${x}\nfloor ${y}\npeer  ${z}`);
  };
  const accountsOf = (list: any[]) => list.map((a) => `${a.id} ${a.app?.code ?? a.app} ${a.externalId} ${[...a.identifiers].map((i: any) => `${i.kind}:${i.masked}`).sort().join(',')}`).sort();
  for (const id of memberIds) {
    const api = (await post(url, PROFILE_CORE_QUERY, { id })).member;
    const [floor] = await run(coreFloor, { id });
    const [peer] = (await post(peerUrl, PEER_PROFILE_QUERY, { id })).members;
    same(`member ${id}`, [api.loyaltyScore, accountsOf(api.accounts), api.memberships.map((m: any) => m.program).sort()], [Number(floor.member.loyaltyScore), accountsOf(floor.accounts), floor.memberships.map((m: any) => m.program).sort()], [peer.loyaltyScore, accountsOf(peer.accounts), peer.memberships.map((m: any) => m.program).sort()]);
  }
  for (const ref of refs) {
    const api = (await post(url, RESOLVE_QUERY, { ref })).resolveIdentity;
    const [floor] = await run(resolveFloor, ref);
    const [peer] = (await post(peerUrl, PEER_RESOLVE_QUERY, ref)).accounts;
    const peerApps = [...new Set<string>(peer.member[0].accounts.map((a: any) => a.app))].sort();
    same(`${ref.app}/${ref.externalId}`, [api.account.id, api.member.id, api.linkedApps], [floor.accountId, floor.memberId, floor.linkedApps], [peer.id, peer.member[0].id, peerApps]);
  }
  say(`the API, the floor and the peer answer alike (${memberIds.length} profiles, ${refs.length} resolves)`);
}

/** A size the graph reached: what was loaded, Neo4j's heap and the machine's load average after its cells. */
type Graph = { size: number; summary: EcosystemSummary; heap: Record<string, number>; storeBytes: number | null; loadAverage: number[] };

const mb = (x: number) => `${Math.round(x / 2 ** 20)} MB`;

function describeGraph(g: Graph): string {
  const s = g.summary;
  const rate = s.seconds > 0 ? Math.round(s.members / s.seconds) : 0;
  return `graph at ${g.size.toLocaleString('en-US')} members: ${s.accounts.toLocaleString('en-US')} accounts (this stage), ${s.brandEvents.toLocaleString('en-US')} brand and ${s.itemEvents.toLocaleString('en-US')} item events, loaded in ${Math.round(s.seconds)} s (${rate} members/s); store ${g.storeBytes === null ? '–' : mb(g.storeBytes)}; Neo4j heap used ${mb(g.heap.used)} of ${mb(g.heap.max)}; load average ${g.loadAverage.map((l) => l.toFixed(1)).join(' ')}`;
}

function describe(args: Args, startedAt: Date, graphs: Graph[], cells: Cell[]): string {
  const r = (x: number | undefined, digits = 2): string | number => (x === undefined || !Number.isFinite(x) ? '–' : Number(x.toFixed(digits)));
  const machine = `${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
  const lines = [
    `\nnpm run bench -- ${process.argv.slice(2).join(' ')}`,
    `started ${startedAt.toISOString()}, ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s; ${machine}`,
    `each cell: ${args.duration} s per side ${args.halves === 2 ? 'in two halves (A-B-C-C-B-A)' : 'in one run (A-B-C)'}, ${args.clients.join('/')} clients, after ${args.warmup} s of warm-up per path and side`,
  ];
  for (const g of graphs) lines.push(describeGraph(g));
  lines.push('');
  const rows = cells.map((c) => {
    const { api, floor, peer, httpFloor } = c.results;
    const hitRatio = c.stats.pageHits + c.stats.pageFaults > 0 ? `${((100 * c.stats.pageHits) / (c.stats.pageHits + c.stats.pageFaults)).toFixed(2)} %` : '–';
    return [
      c.size, c.path, c.clients,
      Math.round(api?.perSecond ?? 0), r(api?.p50), r(api?.p99),
      floor ? Math.round(floor.perSecond) : '–', r(floor?.p50),
      peer ? Math.round(peer.perSecond) : '–', r(peer?.p50), r(peer?.p99),
      floor && api ? r(api.p50 / floor.p50) : '–', floor && api ? r(api.perSecond / floor.perSecond) : '–',
      peer && api ? r(api.p50 / peer.p50) : '–', peer && api ? r(api.perSecond / peer.perSecond) : '–',
      httpFloor ? Math.round(httpFloor.perSecond) : '–', r(httpFloor?.p50),
      httpFloor && floor ? r(httpFloor.p50 / floor.p50) : '–', httpFloor && api ? r(api.perSecond / httpFloor.perSecond) : '–', httpFloor && peer ? r(peer.perSecond / httpFloor.perSecond) : '–',
      `${api?.errors ?? 0}/${floor?.errors ?? 0}/${peer?.errors ?? '–'}${httpFloor ? `/${httpFloor.errors}` : ''}`,
      mb(c.stats.rssMax), `${r(c.stats.loopDelayP50, 1)} / ${r(c.stats.loopDelayP99, 1)}`, `${Math.round((api?.mainThreadBusy ?? NaN) * 100)} %`,
      `${r(api?.mainThreadCpuPerRequest)} / ${r(floor?.mainThreadCpuPerRequest)}`, hitRatio,
    ];
  });
  lines.push(
    table(
      ['members', 'path', 'clients', 'b API req/s', 'b p50 ms', 'b p99 ms', 'a floor req/s', 'a p50 ms', 'c peer req/s', 'c p50 ms', 'c p99 ms', 'p50 b/a', 'req/s b/a', 'p50 b/c', 'req/s b/c', 'HTTP floor req/s', 'HTTP floor p50 ms', 'p50 HTTP floor/a', 'req/s b/HTTP floor', 'req/s c/HTTP floor', 'errors b/a/c(/HTTP floor)', 'RSS max', 'loop delay p50/p99 ms', 'main thread busy', 'main thread CPU ms/request b/a', 'page-cache hits'],
      rows,
    ),
  );
  if (graphs.length > 1) {
    // p50 at every size, and the largest size's p50 over each smaller one's (1M ÷ 100k and 1M ÷ 10k).
    const sizes = graphs.map((g) => g.size);
    const last = sizes[sizes.length - 1];
    const earlier = sizes.slice(0, -1);
    const k = (n: number) => `${n / 1000}k`;
    const growth = cells.filter((c) => c.size === last).map((c) => {
      const at = (size: number) => cells.find((d) => d.size === size && d.path === c.path && d.clients === c.clients)?.results;
      const p50s = (side: Side) => sizes.map((size) => at(size)?.[side]?.p50 ?? NaN);
      const ratios = (side: Side) => earlier.map((size) => r((c.results[side]?.p50 ?? NaN) / (at(size)?.[side]?.p50 ?? NaN)));
      return [c.path, c.clients, ...p50s('floor').map((x) => r(x)), ...ratios('floor'), ...p50s('api').map((x) => r(x)), ...ratios('api')];
    });
    const header = (side: string) => [...sizes.map((size) => `${side} p50 ms at ${k(size)}`), ...earlier.map((size) => `${side} ${k(last)} ÷ ${k(size)}`)];
    lines.push('', table(['path', 'clients', ...header('floor'), ...header('API')], growth));
  }
  return lines.join('\n') + '\n';
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
