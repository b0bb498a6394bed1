import 'reflect-metadata';
import fs from 'node:fs';
import neo4j from 'neo4j-driver';
import { AWARENESS_EVENTS, GOOD_REVIEW_RATING, INTEREST_EVENTS } from '../analytics/aipl.rules';
import { PASSED_ON_EVENTS } from '../analytics/propagation.rules';
import { deriveMemberTags } from '../analytics/tag.derive';
import { rebuildBrandSummaries } from '../analytics/brand.summary';
import { startApi } from '../app/app';
import { logger } from '../platform/logger';
import { Named, statement } from '../platform/neo4j/cypher';
import { openBenchDatabase, percentile, table } from './bench.database';
import { benchBrands, databankBatch } from './databank.generate';
import { Prng } from './prng';

const loadDatabank = statement<Named<string>, { events: number }>('bench/load-databank', [
  'memberIds', 'memberNames', 'vip88', 'accountIds', 'accountMembers', 'apps', 'externalIds', 'birthDates', 'cities',
  'eventAccounts', 'eventKeys', 'eventTypes', 'eventAts', 'eventBrands', 'eventAmounts', 'eventRatings', 'eventTargets', 'tagMembers', 'tagNames',
]);
const seedBrands = statement<Named<'brands'>>('catalog/seed-brands', ['brands']);
const funnelStatement = statement('analytics/aipl-funnel', ['brandId', 'from', 'to', 'awareness', 'interest', 'goodRating']);
const repurchaseStatement = statement('analytics/leaderboard-repurchase', ['brandIds', 'from', 'to']);
// What RECRUITMENT and FIRST_PURCHASE read before the brand summaries: the brands' events (the property test's reference).
const recruitmentFromEvents = statement('analytics/leaderboard-recruitment', ['brandIds', 'from', 'to']);
const firstPurchaseFromEvents = statement('analytics/leaderboard-first-purchase', ['brandIds', 'from', 'to']);
const propagationProject = statement('analytics/propagation-project', ['graph', 'brandId', 'from', 'to', 'kinds']);
const propagationAnalyse = statement('analytics/propagation-analyse', ['graph']);
const graphDrop = statement('platform/gds-graph-drop', ['graph']);

interface Args {
  members: number;
  eventsPerMember: number;
  rounds: number;
  identityRequests: number;
  seed: string;
  out: string | null;
  /** The databank is already in the database (NEO4J_URI): only ask the questions. */
  skipLoad: boolean;
  /** Analytics gate sizes (ANALYTICS_MAX_CONCURRENT) to measure resolveIdentity beside, each with twice as many analysts. */
  gates: number[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { members: 100_000, eventsPerMember: 24, rounds: 5, identityRequests: 300, seed: 'databank-1', out: null, skipLoad: false, gates: [1] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--skip-load') {
      args.skipLoad = true;
      i -= 1;
      continue;
    }
    if (flag === '--members') args.members = Number(value);
    else if (flag === '--events') args.eventsPerMember = Number(value);
    else if (flag === '--rounds') args.rounds = Number(value);
    else if (flag === '--identity-requests') args.identityRequests = Number(value);
    else if (flag === '--seed') args.seed = value;
    else if (flag === '--gates') args.gates = value.split(',').map(Number);
    else if (flag === '--out') args.out = value;
    else throw new Error(`unknown option ${flag}; usage: npm run bench:analytics -- [--members 100000] [--events 24] [--rounds 5] [--identity-requests 300] [--gates 1,2,4] [--out file.json] [--skip-load (NEO4J_URI holds the databank already)]`);
  }
  return args;
}

const say = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const ms = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

/**
 * `npm run bench:analytics -- [--members 100000] [--events 24] [--rounds 5]`: the brand databank at scale.
 * 1. Generates and loads `--members` members (1-4 accounts each), a year of events (`--events` per member on average)
 *    and their derived tags (computed by tag.rules.ts while generating, as the derivation would), and reports the rate.
 * 2. For a selective segment, two broad ones, an AIPL funnel and a leaderboard: the API over HTTP (an analyst's
 *    request: gate, EXPLAIN budget check, bounded read, GraphQL) next to raw Cypher run directly on the driver, `--rounds`
 *    rounds alternating which goes first; medians and their ratio.
 * 3. resolveIdentity over HTTP, sequentially on random accounts, idle and while an analyst keeps asking broad
 *    questions without pause: median and p95 of both.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  logger.level = 'warn';
  const bench = await openBenchDatabase('analytics', { NEO4J_HEAP: '3g', NEO4J_PAGECACHE: '3g', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_TOKEN: '0', NEO4J_QUERY_TIMEOUT_MS: '120000', ANALYTICS_QUERY_TIMEOUT_MS: '120000' });
  const results: Record<string, unknown> = { args };
  try {
    const { db, config } = bench;
    const brands = benchBrands();
    await db.writeOne(seedBrands, { brands });
    const end = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000;
    const raw = async (text: string, params: Record<string, unknown>) => {
      const session = db.driver.session({ database: config.neo4j.database, defaultAccessMode: neo4j.session.READ });
      try {
        return (await session.run(text, params)).records;
      } finally {
        await session.close();
      }
    };

    // 1. Generate and load.
    const batch = 1_000;
    const started = Date.now();
    let events = 0;
    let inFlight: Promise<unknown> | null = null;
    for (let from = 0; from < (args.skipLoad ? 0 : args.members); from += batch) {
      const data = databankBatch(args.seed, from, Math.min(batch, args.members - from), args.eventsPerMember, end, brands);
      if (inFlight) await inFlight;
      const done = from + data.memberIds.length;
      inFlight = db.writeOne(loadDatabank, data as unknown as Named<string>).then(([row]) => {
        events += row.events;
        if (done % 20_000 === 0 || done === args.members) {
          const s = (Date.now() - started) / 1000;
          say(`loaded ${done.toLocaleString('en-US')} / ${args.members.toLocaleString('en-US')} members, ${events.toLocaleString('en-US')} events, ${s.toFixed(0)} s (${Math.round(done / s)} members/s)`);
        }
      });
    }
    if (inFlight) await inFlight;
    // The bulk statement writes events without the brand summaries the event writes keep; built from the events.
    if (!args.skipLoad) await rebuildBrandSummaries(db);
    const loadSeconds = (Date.now() - started) / 1000;
    if (args.skipLoad) events = Number((await raw('MATCH (e:Event) RETURN count(e) AS n', {}))[0].get('n'));
    results.load = { members: args.members, events, seconds: loadSeconds };
    say(`generated and loaded ${args.members.toLocaleString('en-US')} members and ${events.toLocaleString('en-US')} events in ${loadSeconds.toFixed(0)} s`);

    // The derivation itself (npm run analytics:derive-tags), timed on a sample: reads facts and writes tags.
    const sampleIds = Array.from({ length: 2_000 }, (_, i) => `dbk-${String(Math.floor((i * args.members) / 2_000)).padStart(8, '0')}`);
    const deriveStarted = Date.now();
    for (let i = 0; i < sampleIds.length; i += 500) await deriveMemberTags(db, sampleIds.slice(i, i + 500), new Date(end));
    const derivePerSecond = sampleIds.length / ((Date.now() - deriveStarted) / 1000);
    results.deriveTagsPerSecond = derivePerSecond;
    say(`tag derivation: ${Math.round(derivePerSecond)} members/s on a sample of 2,000`);

    const api = await startApi({ ...config, port: 0 }, db);
    // The server the questions go to (section 3 starts one per gate size).
    let current = `http://127.0.0.1:${api.port}/graphql`;
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(current, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: any; errors?: any[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const window = { from: new Date(end - 365 * 86_400_000).toISOString(), to: new Date(end).toISOString() };
    const tagSizes = await gql('{ tags(first: 1000) { name members } }');
    const sizeOf = new Map<string, number>(tagSizes.tags.map((t: { name: string; members: number }) => [t.name, t.members]));
    const smallestRegion = [...sizeOf].filter(([n]) => n.startsWith('region:')).sort((a, b) => a[1] - b[1])[0][0];
    const topBrand = 'brand-nike';
    const HAS = (i: number) => `EXISTS { (m)-[:HAS_TAG]->(:Tag {name: $t${i}}) }`;

    const cases: { name: string; api: () => Promise<unknown>; raw: () => Promise<unknown>; answer: (a: unknown) => string }[] = [
      {
        name: `segment, selective: ${smallestRegion} and luxury-buyer and 88vip`,
        api: () => gql('query($e: SegmentExpr!) { segment(expr: $e) { count scanned } }', { e: { and: [{ tag: smallestRegion }, { tag: 'luxury-buyer' }, { tag: '88vip' }] } }),
        raw: () => raw(`MATCH (:Tag {name: $t0})<-[:HAS_TAG]-(m:Member) WHERE ${HAS(1)} AND ${HAS(2)} RETURN count(m) AS n`, { t0: smallestRegion, t1: 'luxury-buyer', t2: '88vip' }),
        answer: (a: any) => `${a.segment.count} of ${a.segment.scanned} scanned`,
      },
      {
        name: 'segment, broad: (app:taobao or app:tmall) and not 88vip',
        api: () => gql('query($e: SegmentExpr!) { segment(expr: $e) { count scanned } }', { e: { and: [{ or: [{ tag: 'app:taobao' }, { tag: 'app:tmall' }] }, { not: { tag: '88vip' } }] } }),
        raw: () => raw(`MATCH (m:Member) WHERE (${HAS(0)} OR ${HAS(1)}) AND NOT ${HAS(2)} RETURN count(m) AS n`, { t0: 'app:taobao', t1: 'app:tmall', t2: '88vip' }),
        answer: (a: any) => `${a.segment.count} of ${a.segment.scanned} scanned`,
      },
      {
        name: 'segment, broad: age:25-34 and not recurring-buyer',
        api: () => gql('query($e: SegmentExpr!) { segment(expr: $e) { count scanned } }', { e: { and: [{ tag: 'age:25-34' }, { not: { tag: 'recurring-buyer' } }] } }),
        raw: () => raw(`MATCH (m:Member) WHERE ${HAS(0)} AND NOT ${HAS(1)} RETURN count(m) AS n`, { t0: 'age:25-34', t1: 'recurring-buyer' }),
        answer: (a: any) => `${a.segment.count} of ${a.segment.scanned} scanned`,
      },
      {
        name: `aiplFunnel(${topBrand}, one year)`,
        api: () => gql('query($b: ID!, $from: DateTime, $to: DateTime) { aiplFunnel(brandId: $b, from: $from, to: $to) { stages { stage members accounts } apps { app stages { members } } } }', { b: topBrand, ...window }),
        raw: () => raw(funnelStatement.text, { brandId: topBrand, ...window, awareness: AWARENESS_EVENTS, interest: INTEREST_EVENTS, goodRating: neo4j.int(GOOD_REVIEW_RATING) }),
        answer: (a: any) => a.aiplFunnel.stages.map((s: any) => `${s.stage[0]} ${s.members}/${s.accounts}`).join(', '),
      },
      {
        name: 'leaderboard(REPURCHASE, beauty, one year)',
        api: () => gql(`query($from: DateTime!, $to: DateTime!) { leaderboard(metric: REPURCHASE, industry: "beauty", from: $from, to: $to) { rank value brand { id } stores { value } } }`, window),
        raw: () => raw(repurchaseStatement.text, { brandIds: brands.filter((b) => b.industry === 'beauty').map((b) => b.id), ...window }),
        answer: (a: any) => `top ${a.leaderboard[0].value}, ${a.leaderboard.length} brands`,
      },
      ...(['RECRUITMENT', 'FIRST_PURCHASE'] as const).flatMap((metric) =>
        [['one year', 365], ['30 days', 30]].map(([span, days]) => {
          const w = { from: new Date(end - (days as number) * 86_400_000).toISOString(), to: new Date(end).toISOString() };
          return {
            name: `leaderboard(${metric}, beauty, ${span}): summaries (API) ÷ events (raw)`,
            api: () => gql(`query($from: DateTime!, $to: DateTime!) { leaderboard(metric: ${metric}, industry: "beauty", from: $from, to: $to) { rank value brand { id } stores { value } } }`, w),
            raw: () => raw((metric === 'RECRUITMENT' ? recruitmentFromEvents : firstPurchaseFromEvents).text, { brandIds: brands.filter((b) => b.industry === 'beauty').map((b) => b.id), ...w }),
            answer: (a: any) => `top ${a.leaderboard[0].value}, ${a.leaderboard.length} brands`,
          };
        }),
      ),
      {
        name: `brandPropagation(${topBrand}, one year)`,
        api: () => gql('query($b: ID!, $from: DateTime, $to: DateTime) { brandPropagation(brandId: $b, from: $from, to: $to) { members links communities { size } influencers { memberId reached } } }', { b: topBrand, ...window }),
        raw: async () => {
          const graph = `bench-propagation-${Date.now()}`;
          await raw(propagationProject.text, { graph, brandId: topBrand, ...window, kinds: [...PASSED_ON_EVENTS] });
          try {
            return await raw(propagationAnalyse.text, { graph });
          } finally {
            await raw(graphDrop.text, { graph });
          }
        },
        answer: (a: any) => `${a.brandPropagation.members} members, ${a.brandPropagation.links} links, ${a.brandPropagation.communities.length} communities (largest ${a.brandPropagation.communities[0]?.size ?? 0}), top reached ${a.brandPropagation.influencers[0]?.reached ?? 0}`,
      },
    ];

    // 2. API next to raw Cypher, alternating which goes first; one unmeasured warm-up of each.
    const rows: (string | number)[][] = [];
    const measured: Record<string, unknown>[] = [];
    for (const c of cases) {
      // A question the API refuses (over its budget) is a result too: its code and how long it took to say so.
      const refusedAfter = process.hrtime.bigint();
      const first = await c.api().then((a) => ({ a }), (error: Error) => ({ error: error.message.match(/"code":"([A-Z_]+)"/)?.[1] ?? error.message }));
      if ('error' in first) {
        const took = ms(refusedAfter);
        const t = process.hrtime.bigint();
        await c.raw();
        const rawTook = ms(t);
        say(`${c.name}: API refused with ${first.error} after ${took.toFixed(0)} ms; raw ${rawTook.toFixed(0)} ms`);
        rows.push([c.name, `refused ${first.error} (${Math.round(took)} ms)`, Math.round(rawTook), '–', '']);
        measured.push({ name: c.name, refused: first.error, refusedAfterMs: took, rawMs: [rawTook] });
        continue;
      }
      const answer = c.answer(first.a);
      await c.raw();
      const apiMs: number[] = [];
      const rawMs: number[] = [];
      for (let r = 0; r < args.rounds; r++) {
        const order = r % 2 ? [c.raw, c.api] : [c.api, c.raw];
        for (const f of order) {
          const t = process.hrtime.bigint();
          await f();
          (f === c.api ? apiMs : rawMs).push(ms(t));
        }
      }
      const [a, b] = [percentile(apiMs, 50), percentile(rawMs, 50)];
      say(`${c.name}: API ${a.toFixed(0)} ms, raw ${b.toFixed(0)} ms (${answer})`);
      rows.push([c.name, Math.round(a), Math.round(b), Number((a / b).toFixed(2)), answer]);
      measured.push({ name: c.name, apiMs, rawMs, answer });
    }
    results.cases = measured;

    // 3. resolveIdentity idle and while analysts ask broad questions back to back, for each analytics gate size: the
    // API is started again with ANALYTICS_MAX_CONCURRENT at that size, and twice as many analysts keep it full.
    await api.stop();
    const prng = new Prng(`${args.seed}-resolve`);
    const RESOLVE = 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { id } linkedApps } }';
    const identity: (string | number)[][] = [];
    const identityResults: Record<string, unknown>[] = [];
    for (const gate of args.gates) {
      const gated = await startApi({ ...config, port: 0, analytics: { ...config.analytics, maxConcurrent: gate, maxQueued: Math.max(config.analytics.maxQueued, 2 * gate) } }, db);
      const gatedUrl = `http://127.0.0.1:${gated.port}/graphql`;
      const ask = async (query: string, variables: Record<string, unknown>) => {
        const res = await fetch(gatedUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
        const body = (await res.json()) as { data?: any; errors?: any[] };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        return body.data;
      };
      const resolveSeries = async (n: number) => {
        const samples: number[] = [];
        for (let i = 0; i < n; i++) {
          const m = prng.int(0, args.members - 1);
          const t = process.hrtime.bigint();
          await ask(RESOLVE, { ref: { app: 'TAOBAO', externalId: `taobao-${m}` } }).catch(() => ask(RESOLVE, { ref: { app: 'ALIPAY', externalId: `alipay-${m}` } }).catch(() => null));
          samples.push(ms(t));
        }
        return samples;
      };
      // The broad questions of section 2, asked of this server.
      const questionsOf = [cases[1], cases[2], cases[3], cases[4]].map((c) => c.api);
      current = gatedUrl;
      await resolveSeries(50);
      const idle = await resolveSeries(args.identityRequests);
      let stop = false;
      let questions = 0;
      let refused = 0;
      const busyStarted = process.hrtime.bigint();
      const analysts = Array.from({ length: 2 * gate }, async (_, k) => {
        for (let i = k; !stop; i++) {
          await questionsOf[i % questionsOf.length]().then(() => questions++, () => refused++);
        }
      });
      const busy = await resolveSeries(args.identityRequests);
      stop = true;
      await Promise.all(analysts);
      const busySeconds = ms(busyStarted) / 1000;
      const idleAgain = await resolveSeries(args.identityRequests);
      await gated.stop();
      const [i50, b50, a50] = [percentile(idle, 50), percentile(busy, 50), percentile(idleAgain, 50)];
      const idleP50 = (i50 + a50) / 2;
      identity.push([gate, 2 * gate, Number(i50.toFixed(1)), Number(b50.toFixed(1)), Number(a50.toFixed(1)), Number((b50 / idleP50).toFixed(2)), Number(percentile(busy, 95).toFixed(1)), Number((questions / busySeconds).toFixed(1)), refused]);
      identityResults.push({ gate, analysts: 2 * gate, idle, busy, idleAgain, questions, refused, busySeconds });
      say(`gate ${gate}: resolveIdentity idle ${i50.toFixed(1)} / ${a50.toFixed(1)} ms, busy ${b50.toFixed(1)} ms (×${(b50 / idleP50).toFixed(2)}), ${questions} questions in ${busySeconds.toFixed(0)} s`);
    }
    results.identity = identityResults;

    process.stdout.write(`\n${args.members.toLocaleString('en-US')} members, ${events.toLocaleString('en-US')} events over a year; generated and loaded in ${loadSeconds.toFixed(0)} s\n\n`);
    process.stdout.write(table(['question', 'API median ms', 'raw Cypher median ms', 'API ÷ raw', 'answer'], rows) + '\n\n');
    process.stdout.write(table(['analytics gate', 'analysts', 'resolveIdentity idle p50 ms', 'busy p50 ms', 'idle again p50 ms', 'busy ÷ idle', 'busy p95 ms', 'questions/s', 'refused'], identity) + '\n');
    if (args.out) fs.writeFileSync(args.out, JSON.stringify(results, null, 2));
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:analytics failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
