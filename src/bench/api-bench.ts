import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import neo4j from 'neo4j-driver';
import { startApi } from '../app/app';
import { Config } from '../app/config';
import { APPS } from '../identity/app.registry';
import { joinProgram, usageWindow } from '../membership/membership.service';
import { logger } from '../platform/logger';
import { Named, statement, Statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, toPlain } from '../platform/neo4j/database';
import { loadBackground } from './background.load';
import { openBenchDatabase, table } from './bench.database';
import { resolveFloorAnswer, startHttpFloor } from './http.floor';
import { GraphQLBodies, loadHttp, spreadWide } from './http.load';
import { prepareAccount } from '../identity/account.validate';
import { withCpuProfile } from './cpu.profile';
import { closedLoop, LoadResult, LoadSamples, summarize, withMainThreadBusy } from './load.stats';
import { generatePeople } from './people.generate';
import { Prng } from './prng';

const countGraph = statement('bench/count-graph', []);
const membersWithAccounts = statement<Named<never>, { memberId: string; accounts: { app: string; externalId: string }[] }>('bench/members-with-accounts', []);
const resolveIdentityFloor = statement<Named<'app' | 'externalId'>>('bench/resolve-identity-floor', ['app', 'externalId']);
const memberProfileFloor = statement<Named<'id' | 'app' | 'monthStart' | 'yearStart'>>('bench/member-profile-floor', ['id', 'app', 'monthStart', 'yearStart']);
const accountIdByRef = statement<Named<'app' | 'externalId'>>('bench/account-id-by-ref', ['app', 'externalId']);
const storeAccountFloor = statement<Named<'app' | 'externalId' | 'hash'>>('bench/store-account-floor', ['app', 'externalId', 'hash']);
const storeNewPersonFloor = statement<Named<'app' | 'externalId' | 'hashes' | 'kinds' | 'masks'>>('bench/store-new-person-floor', ['app', 'externalId', 'hashes', 'kinds', 'masks']);
const runningTransactions = statement('bench/running-transactions', []);
const prepareForReplanning = statement<Named<'timeoutSeconds'>>('bench/prepare-for-replanning', ['timeoutSeconds']);

const RESOLVE_QUERY = 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { id } linkedApps account { id } } }';
const PROFILE_QUERY =
  'query($id: ID!) { member(id: $id) { id displayName loyaltyScore accounts { id externalId app { code } link { method } identifiers { kind masked } } memberships { program status until } benefits(app: "ELEME") { eligible reasons benefit { id } } } }';
const UPSERT_QUERY = 'mutation($input: AccountInput!) { upsertAccount(input: $input) { decision account { id } member { id } } }';
const PROFILE_APP = 'ELEME';
/** New accounts' phones are spread over the hundred million numbers from here (a valid mainland mobile range), a million of indices per run (http.load.ts). */
const FIRST_PHONE = 19_800_000_000;

/**
 * `npm run bench:api -- [--duration 8] [--clients 1,8,32] [--accounts 10000] [--memberships 0.3] [--warmup 2]
 * [--quick] [--paths resolve,profile] [--profile dir] [--out file.json]`; `--paths` keeps the paths whose name
 * contains one of the words; `--profile` writes the main thread's CPU profile of every API side into a directory
 * (the floors and the seeding left out); `--quick` (a smoke run of under two minutes) means 2 s per side, 1 s of warm-up
 * and 2,000 background accounts.
 *
 * The three real-time paths of the API, each next to its raw-driver floor measured in the same run, at each number
 * of concurrent clients (closed loop: every client sends its next request when the previous one is answered):
 * 1. resolveIdentity(ref) over HTTP vs the same answer as one auto-commit Cypher statement;
 * 2. the member profile query vs one statement reading the same accounts, identifiers, memberships and the inputs of
 *    the benefit decisions (standing and catalog of the app);
 * 3. upsertAccount of a new account with one phone (a fresh account on every request) vs a single indexed read, and
 *    again vs the plainest write: one auto-commit MERGE of an account with one identifier (bench/store-account-floor).
 * The API runs in this process (startApi, development authentication, rate limits off) and autocannon in a worker
 * thread; the floors run as as many async loops in this process over the same driver. The two read paths have a
 * third side, the **HTTP floor** (http.floor.ts): a bare node:http server in this process that runs the floor's very
 * statement for each request autocannon sends it (the same bodies, the same load), so API÷HTTP floor is what GraphQL,
 * Apollo and our layer cost and HTTP floor÷floor what HTTP itself costs. Each measurement is split in two halves run
 * A-B-C-C-B-A (API, HTTP floor, floor, floor, HTTP floor, API, reversed at every other level; A-B-B-A for the upsert
 * paths), so drift on this shared machine hits every side alike; the ratios are what to quote. "Main thread busy" is
 * the event-loop utilization of this process's main thread meanwhile (the API's HTTP and GraphQL work, the HTTP
 * floor's, or the floor's driver calls): near 100 % the bottleneck is that one Node thread, not Neo4j.
 */

interface Args {
  duration: number;
  warmup: number;
  clients: number[];
  accounts: number;
  memberships: number;
  seed: string;
  out: string | null;
  quick: boolean;
  /** Only the paths whose name contains one of these (case-insensitive); all when empty. */
  paths: string[];
  /** A directory to write a CPU profile of each API side into (`<path>-<clients>-<half>.cpuprofile`). */
  profile: string | null;
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const flag = (name: string, fallback: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const args: Args = {
    duration: Number(flag('duration', quick ? '2' : '8')),
    warmup: Number(flag('warmup', quick ? '1' : '2')),
    clients: flag('clients', '1,8,32').split(',').map(Number),
    accounts: Number(flag('accounts', quick ? '2000' : '10000')),
    memberships: Number(flag('memberships', '0.3')),
    seed: flag('seed', 'api-1'),
    out: flag('out', '') || null,
    quick,
    profile: flag('profile', '') || null,
    paths: flag('paths', '').split(',').map((p) => p.trim().toLowerCase()).filter(Boolean),
  };
  if (!(args.duration >= 2)) throw new Error(`--duration must be at least 2 seconds (two halves of at least one), got ${flag('duration', '')}`);
  if (!(args.warmup >= 0)) throw new Error('--warmup must be a number of seconds');
  if (!args.clients.length || args.clients.some((c) => !Number.isInteger(c) || c < 1)) throw new Error('--clients must be whole numbers, e.g. 1,8,32');
  if (!Number.isInteger(args.accounts) || args.accounts < 100) throw new Error('--accounts must be a whole number of at least 100');
  if (!(args.memberships >= 0 && args.memberships <= 1)) throw new Error('--memberships must be a fraction of the members, 0 to 1');
  return args;
}

/**
 * A floor statement's text without its header comment and runs of whitespace. The driver writes a transaction's
 * messages in pieces of at most 1,400 bytes; when BEGIN, RUN (with the text) and PULL need more than one piece, the
 * second waits for the ACK of the first (Nagle) and the server delays that ACK by up to 40 ms: the long profile
 * statement, comments included, stalled that way on about one call in ten. The floor is what the statement can do,
 * so it sends the short form (its files have no string literal with runs of spaces).
 */
const compact = (text: string): string => text.replace(/^\s*\/\/.*$/gm, '').replace(/\s+/g, ' ').trim();

const say = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

function shuffled<T>(items: T[], prng: Prng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = prng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Runs `work` over `items` with at most `concurrency` calls in flight; reports progress every tenth. */
async function inParallel<T>(items: T[], concurrency: number, label: string, work: (item: T, i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  let done = 0;
  const step = Math.max(1, Math.floor(items.length / 10));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
        if (++done % step === 0 || done === items.length) say(`  ${label}: ${done.toLocaleString('en-US')}/${items.length.toLocaleString('en-US')}`);
      }
    }),
  );
}

interface Graph {
  accounts: number;
  members: number;
  identifiers: number;
  memberships: number;
}

interface Refs {
  members: string[];
  refs: { app: string; externalId: string }[];
}

/** A background graph: generated people loaded by the bulk path (one member each), then 88VIP for a share of them. */
async function seed(db: Database, config: Config, args: Args): Promise<{ graph: Graph; sample: Refs }> {
  const prng = new Prng(args.seed);
  say(`loading a background of ${args.accounts.toLocaleString('en-US')} generated accounts (one member per person, no matching)...`);
  const started = Date.now();
  const people = generatePeople({ people: Math.ceil(args.accounts / 2), seed: args.seed, prefix: `apibench-${args.seed}` });
  await loadBackground(db, config.identifierHashKey, people, args.accounts, {
    batchAccounts: 2_000,
    onProgress: (loaded) => say(`  accounts: ${loaded.toLocaleString('en-US')}/${args.accounts.toLocaleString('en-US')}`),
  });
  say(`  loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const rows = await db.readOne(membersWithAccounts);
  const joining = shuffled(rows, prng).slice(0, Math.round(rows.length * args.memberships));
  say(`joining ${joining.length.toLocaleString('en-US')} members to 88VIP through joinProgram...`);
  await inParallel(joining, 4, 'memberships', (row, i) => joinProgram(db, config, row.memberId, '88VIP', `apibench-payment-${args.seed}-${i}`, 'bench'));

  const [count] = await db.readOne(countGraph);
  return {
    graph: { accounts: Number(count.accounts), members: Number(count.members), identifiers: Number(count.identifiers), memberships: joining.length },
    sample: {
      members: shuffled(rows.map((r) => r.memberId), prng),
      refs: shuffled(rows.flatMap((r) => r.accounts), prng),
    },
  };
}

interface Path {
  name: string;
  /** Requests sent one at a time before the warm-up, so its statements are planned once. */
  prime?: () => Promise<void>;
  goal: { text: string; met: (api: LoadResult, floor: LoadResult, httpFloor: LoadResult | null) => boolean };
  api: (clients: number, seconds: number) => Promise<LoadSamples>;
  floor: (clients: number, seconds: number) => Promise<LoadSamples>;
  /** The same autocannon load as the API's, against the bare HTTP server that runs the floor's statement. */
  httpFloor?: (clients: number, seconds: number) => Promise<LoadSamples>;
}

type Side = 'api' | 'httpFloor' | 'floor';

interface Ratios {
  perSecond: number;
  p50: number;
  p99: number;
}

const ratiosOf = (a: LoadResult, b: LoadResult): Ratios => ({ perSecond: a.perSecond / b.perSecond, p50: a.p50 / b.p50, p99: a.p99 / b.p99 });

interface Measured {
  path: string;
  clients: number;
  api: LoadResult;
  floor: LoadResult;
  /** API÷floor. */
  ratios: Ratios;
  /** The bare node:http server running the floor's statement; null for the paths without one (the upserts). */
  httpFloor: LoadResult | null;
  /** API÷HTTP floor (what GraphQL, Apollo and our layer cost) and HTTP floor÷floor (what HTTP costs), or null. */
  httpFloorRatios: { apiOverHttpFloor: Ratios; httpFloorOverFloor: Ratios } | null;
  /** CPU time of the embedded Neo4j process (all its threads) per completed request, ms: NaN with NEO4J_URI. */
  neo4jCpuPerRequest: { api: number; floor: number; httpFloor: number | null };
  goal: string;
  goalMet: boolean;
}

/** POSTs a GraphQL body and returns its `data` and the response's length in bytes; throws on any error. */
async function postGraphQLSized(url: string, query: string, variables: Record<string, unknown>): Promise<{ data: Record<string, any>; bytes: number }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: Record<string, any>; errors?: unknown };
  if (!res.ok || body.errors || !body.data) throw new Error(`${url} ${query.slice(0, 40)}…: HTTP ${res.status} ${JSON.stringify(body.errors)}`);
  return { data: body.data, bytes: Buffer.byteLength(text) };
}

const postGraphQL = async (url: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> => (await postGraphQLSized(url, query, variables)).data;

function gitDescription(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src', 'cypher'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${sha} with uncommitted changes to ${dirty.split('\n').length} tracked files under src/ or cypher/` : sha;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // The paths as a trusted caller sees them: development authentication (admin), no rate limits.
  for (const name of ['AUTH_JWT_SECRET', 'AUTH_JWT_PUBLIC_KEY_FILE', 'AUTH_JWKS_FILE']) delete process.env[name];
  Object.assign(process.env, { NODE_ENV: 'development', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_TOKEN: '0' });
  // One log line per request on stdout would mix with the table; warnings still show.
  logger.level = process.env.LOG_LEVEL ?? 'warn';
  const startedAt = new Date();
  const bench = await openBenchDatabase('api', { NEO4J_HEAP: '1g', NEO4J_PAGECACHE: '512m', NEO4J_QUERY_TIMEOUT_MS: '120000' });
  try {
    const { db, config } = bench;
    const { graph, sample } = await seed(db, config, args);
    say(`graph: ${graph.accounts.toLocaleString('en-US')} accounts, ${graph.members.toLocaleString('en-US')} members, ${graph.identifiers.toLocaleString('en-US')} identifiers, ${graph.memberships.toLocaleString('en-US')} memberships`);

    // Index statistics lag a bulk load: plans made now would rest on an almost empty store (an index scan where a seek
    // belongs) and be replanned as the samples arrive, within the measurements.
    await db.writeOne(prepareForReplanning, { timeoutSeconds: cypherInt(300) });
    const api = await startApi({ ...config, port: 0 }, db);
    const url = `http://127.0.0.1:${api.port}/graphql`;
    await untilStartupRefreshEnds(url);
    const prng = new Prng(`${args.seed}-requests`);
    const runTag = Date.now().toString(36);
    // The floor is the fastest raw read: an auto-commit statement (RUN and PULL in one round trip), which answers
    // about twice as many reads a second as driver.executeQuery (BEGIN and COMMIT on top).
    const run = async (statement: Statement, params: Record<string, unknown>, mode: 'READ' | 'WRITE' = 'READ') => {
      const session = db.driver.session({ database: config.neo4j.database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
      try {
        return (await session.run(compact(statement.text), params)).records.map((record) => record.toObject());
      } finally {
        await session.close();
      }
    };
    const window = usageWindow(new Date(), config.programs.periodUtcOffsetHours);
    const profileParams = (id: string) => ({ id, app: PROFILE_APP, monthStart: window.monthStart.toISOString(), yearStart: window.yearStart.toISOString() });
    // The HTTP floor runs the floors' very statements through the same `run`, one per request, and answers in the
    // API's shape: resolveIdentity as the API's {data: {resolveIdentity: {member {id} linkedApps account {id}}}}
    // from the floor's row; the profile as {data: {member: <the floor's row>}}, its driver values converted as the
    // API's gateway converts them (toPlain), i.e. the inputs of the benefit decisions rather than the decisions:
    // about the same bytes and the same database work as the API's answer.
    // The limit of any HTTP API on Node here: the same server answering resolveIdentity's JSON from a Map, read from the
    // floor's statement once per sampled account before measuring, so that no request touches the database.
    const resolveAnswers = new Map<string, string>();
    const refKey = (ref: { app?: string; externalId?: string } | undefined) => `${ref?.app}\u001f${ref?.externalId}`;
    await inParallel(sample.refs, 8, 'answers of the Map floor', async (ref) => resolveAnswers.set(refKey(ref), resolveFloorAnswer((await run(resolveIdentityFloor, ref))[0])));
    const httpFloor = await startHttpFloor({
      '/resolve': async ({ variables }) => resolveFloorAnswer((await run(resolveIdentityFloor, variables?.ref ?? {}))[0]),
      '/resolve-map': async ({ variables }) => resolveAnswers.get(refKey(variables?.ref)) ?? resolveFloorAnswer(undefined),
      '/profile': async ({ variables }) => {
        const [row] = await run(memberProfileFloor, profileParams(variables?.id));
        return JSON.stringify({ data: { member: row ? toPlain(row) : null } });
      },
    });
    const httpFloorUrls = { resolve: httpFloor.url('/resolve'), resolveMap: httpFloor.url('/resolve-map'), profile: httpFloor.url('/profile') };

    const responseBytes = await checkFloorsAnswerAlike(url, httpFloorUrls, sample, run, profileParams);
    // autocannon stops at its deadline with requests in flight, which the server still finishes (an upsert at 32
    // clients queues for half a second): let them end before the next measurement starts.
    const untilIdle = async (): Promise<void> => {
      const deadline = Date.now() + 60_000;
      for (let quiet = 0; quiet < 3 && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const [row] = await run(runningTransactions, {});
        quiet = row.idle ? quiet + 1 : 0;
      }
    };

    // The API and the HTTP floor get the same bodies (the GraphQL query text included, which the HTTP floor ignores).
    const resolveVariables = sample.refs.map((ref) => ({ ref }));
    const profileVariables = sample.members.map((id) => ({ id }));
    const resolveBodies = (): GraphQLBodies => ({ kind: 'cycle', query: RESOLVE_QUERY, variables: resolveVariables, start: prng.int(0, resolveVariables.length - 1) });
    const profileBodies = (): GraphQLBodies => ({ kind: 'cycle', query: PROFILE_QUERY, variables: profileVariables, start: prng.int(0, profileVariables.length - 1) });

    let upsertBlock = 0;
    /** The API side of every upsert path: a fresh account with a phone of its own block on each request. */
    const upsertNewAccounts = (clients: number, seconds: number): Promise<LoadSamples> => {
      const block = upsertBlock++;
      const bodies: GraphQLBodies = { kind: 'newAccounts', query: UPSERT_QUERY, apps: APPS.map((a) => a.code), prefix: `apibench-new-${runTag}-${block}`, firstPhone: FIRST_PHONE, firstIndex: block * 1_000_000 };
      return loadHttp({ url, concurrency: clients, seconds, bodies });
    };
    // Every sampled account resolved once through the API, so that its identity cache holds them all (IDENTITY_CACHE_MB
    // permitting) and the measurement is of a warm cache, as in a steady state; with the cache off, it plans the statement.
    const primeResolves = () => inParallel(sample.refs, 8, 'resolves to warm the identity cache', (ref) => postGraphQL(url, RESOLVE_QUERY, { ref }));
    const paths: Path[] = [
      {
        name: 'resolveIdentity(ref)',
        prime: primeResolves,
        goal: { text: 'API req/s ≥ 0.7 × floor', met: (a, f) => a.perSecond >= 0.7 * f.perSecond },
        api: (clients, seconds) => loadHttp({ url, concurrency: clients, seconds, bodies: resolveBodies() }),
        httpFloor: (clients, seconds) => loadHttp({ url: httpFloorUrls.resolve, concurrency: clients, seconds, bodies: resolveBodies() }),
        floor: (clients, seconds) => {
          const start = prng.int(0, sample.refs.length - 1);
          return closedLoop(clients, seconds, (n) => run(resolveIdentityFloor, sample.refs[(start + n) % sample.refs.length]));
        },
      },
      {
        // Issue 31: with the identity cache, resolveIdentity is answered beyond the database. Its HTTP floor here is
        // the Map above: where the Map over HTTP itself is below 1.5 × the floor, the goal is 0.6 × the Map.
        name: 'resolveIdentity vs a Map over HTTP',
        prime: primeResolves,
        goal: {
          text: 'API req/s ≥ 1.5 × floor, or ≥ 0.6 × the Map over HTTP when that is below 1.5 × floor',
          met: (a, f, map) => (map && map.perSecond < 1.5 * f.perSecond ? a.perSecond >= 0.6 * map.perSecond : a.perSecond >= 1.5 * f.perSecond),
        },
        api: (clients, seconds) => loadHttp({ url, concurrency: clients, seconds, bodies: resolveBodies() }),
        httpFloor: (clients, seconds) => loadHttp({ url: httpFloorUrls.resolveMap, concurrency: clients, seconds, bodies: resolveBodies() }),
        floor: (clients, seconds) => {
          const start = prng.int(0, sample.refs.length - 1);
          return closedLoop(clients, seconds, (n) => run(resolveIdentityFloor, sample.refs[(start + n) % sample.refs.length]));
        },
      },
      {
        name: 'member(id) profile',
        goal: { text: 'API p50 ≤ 1.5 × floor', met: (a, f) => a.p50 <= 1.5 * f.p50 },
        api: (clients, seconds) => loadHttp({ url, concurrency: clients, seconds, bodies: profileBodies() }),
        httpFloor: (clients, seconds) => loadHttp({ url: httpFloorUrls.profile, concurrency: clients, seconds, bodies: profileBodies() }),
        floor: (clients, seconds) => {
          const start = prng.int(0, sample.members.length - 1);
          return closedLoop(clients, seconds, (n) => run(memberProfileFloor, profileParams(sample.members[(start + n) % sample.members.length])));
        },
      },
      {
        name: 'upsertAccount(new account)',
        goal: { text: 'API p50 ≤ 3 × floor', met: (a, f) => a.p50 <= 3 * f.p50 },
        prime: () => primeUpserts(url, `apibench-prime-${runTag}`),
        api: upsertNewAccounts,
        floor: (clients, seconds) => {
          const start = prng.int(0, sample.refs.length - 1);
          return closedLoop(clients, seconds, (n) => run(accountIdByRef, sample.refs[(start + n) % sample.refs.length]));
        },
      },
      {
        name: 'upsertAccount vs a plain write',
        goal: { text: 'reference: the floor is one MERGE of an account with one identifier, committed', met: () => true },
        prime: () => primeUpserts(url, `apibench-prime-plain-${runTag}`),
        api: upsertNewAccounts,
        floor: (clients, seconds) => {
          const block = upsertBlock++;
          return closedLoop(clients, seconds, (n) => run(storeAccountFloor, { app: 'TAOBAO', externalId: `apibench-floor-${runTag}-${block}-${n}`, hash: `apibench-floor-${runTag}-${block}-${n}` }, 'WRITE'));
        },
      },
      {
        name: 'upsertAccount vs its writes alone',
        goal: { text: 'reference: the floor stores what the upsert stores for a new person (phone, typo keys, member, link), reading nothing', met: () => true },
        prime: () => primeUpserts(url, `apibench-prime-writes-${runTag}`),
        api: upsertNewAccounts,
        floor: (clients, seconds) => {
          const block = upsertBlock++;
          return closedLoop(clients, seconds, (n) => {
            const input = { app: APPS[n % APPS.length].code, externalId: `apibench-writes-${runTag}-${block}-${n}`, identifiers: [{ kind: 'PHONE', value: String(FIRST_PHONE + spreadWide(block * 1_000_000 + n)) }] };
            const { identifiers } = prepareAccount(input as Parameters<typeof prepareAccount>[0], config.identifierHashKey);
            return run(storeNewPersonFloor, { app: input.app, externalId: input.externalId, hashes: identifiers.map((i) => i.hash), kinds: identifiers.map((i) => i.kind), masks: identifiers.map((i) => i.masked) }, 'WRITE');
          });
        },
      },
    ];

    const results: Measured[] = [];
    const neo4jPid = embeddedNeo4jPid();
    const half = args.duration / 2;
    const accountsBefore = Number((await db.readOne(countGraph))[0].accounts);
    const chosen = paths.filter((path) => !args.paths.length || args.paths.some((p) => path.name.toLowerCase().includes(p)));
    for (const path of chosen) {
      if (args.warmup > 0) {
        // One request at a time first: the first call of a statement plans it (seconds for the upsert's, on a busy
        // machine), and eight concurrent first calls would each plan it.
        if (path.prime) await path.prime();
        say(`${path.name}: warming up (${args.warmup} s each, 8 clients)...`);
        await path.api(8, args.warmup);
        await untilIdle();
        if (path.httpFloor) {
          await path.httpFloor(8, args.warmup);
          await untilIdle();
        }
        await path.floor(8, args.warmup);
      }
      for (const [level, clients] of args.clients.entries()) {
        const neo4jCpu: Record<Side, number> = { api: 0, httpFloor: 0, floor: 0 };
        const runs: Record<Side, LoadSamples[]> = { api: [], httpFloor: [], floor: [] };
        // One half of each side, then the other in reverse (A-B-C-C-B-A), the API first at every other level.
        const forth: Side[] = path.httpFloor ? ['api', 'httpFloor', 'floor'] : ['api', 'floor'];
        const half1 = level % 2 === 0 ? forth : [...forth].reverse();
        const order = [...half1, ...[...half1].reverse()];
        const cacheBefore = api.identityCache.stats();
        for (const side of order) {
          const profiled = (load: () => Promise<LoadSamples>) =>
            args.profile ? () => withCpuProfile(`${args.profile}/${path.name.replace(/\W+/g, '-')}-${clients}-${runs.api.length}.cpuprofile`, load) : load;
          const jvmBefore = processCpuMs(neo4jPid);
          if (side === 'api') runs.api.push(await withMainThreadBusy(profiled(() => path.api(clients, half))));
          else if (side === 'httpFloor') runs.httpFloor.push(await withMainThreadBusy(() => path.httpFloor!(clients, half)));
          else runs.floor.push(await withMainThreadBusy(() => path.floor(clients, half)));
          neo4jCpu[side] += processCpuMs(neo4jPid) - jvmBefore;
          await untilIdle();
        }
        const cacheAfter = api.identityCache.stats();
        const lookups = (['hits', 'misses', 'behind'] as const).map((k) => cacheAfter[k] - cacheBefore[k]);
        const apiResult = summarize(runs.api);
        const floorResult = summarize(runs.floor);
        const httpResult = path.httpFloor ? summarize(runs.httpFloor) : null;
        const measured: Measured = {
          path: path.name,
          clients,
          api: apiResult,
          floor: floorResult,
          ratios: ratiosOf(apiResult, floorResult),
          httpFloor: httpResult,
          httpFloorRatios: httpResult ? { apiOverHttpFloor: ratiosOf(apiResult, httpResult), httpFloorOverFloor: ratiosOf(httpResult, floorResult) } : null,
          neo4jCpuPerRequest: { api: neo4jCpu.api / apiResult.requests, floor: neo4jCpu.floor / floorResult.requests, httpFloor: httpResult ? neo4jCpu.httpFloor / httpResult.requests : null },
          goal: path.goal.text,
          goalMet: path.goal.met(apiResult, floorResult, httpResult),
        };
        results.push(measured);
        const sides = [apiResult, ...(httpResult ? [httpResult] : []), floorResult];
        say(
          `  ${path.name}, ${clients} clients: API ${apiResult.perSecond.toFixed(0)} req/s p50 ${apiResult.p50.toFixed(2)} ms p99 ${apiResult.p99.toFixed(2)} ms | ` +
            (httpResult ? `HTTP floor ${httpResult.perSecond.toFixed(0)} req/s p50 ${httpResult.p50.toFixed(2)} ms p99 ${httpResult.p99.toFixed(2)} ms | ` : '') +
            `floor ${floorResult.perSecond.toFixed(0)} req/s p50 ${floorResult.p50.toFixed(2)} ms p99 ${floorResult.p99.toFixed(2)} ms | ` +
            `${httpResult ? 'API/HTTP floor/floor' : 'API/floor'}: ` +
            `main thread busy ${sides.map((r) => (r.mainThreadBusy * 100).toFixed(0)).join('/')} %, ` +
            `CPU ${sides.map((r) => r.mainThreadCpuPerRequest.toFixed(2)).join('/')} ms a request, ` +
            `Neo4j CPU ${[measured.neo4jCpuPerRequest.api, ...(httpResult ? [measured.neo4jCpuPerRequest.httpFloor!] : []), measured.neo4jCpuPerRequest.floor].map((x) => x.toFixed(2)).join('/')} ms a request | ` +
            `identity cache hits/misses/behind ${lookups.join('/')}, ${cacheAfter.entries} entries` +
            (sides.some((r) => r.errors) ? ` | errors ${sides.map((r) => r.errors).join('/')}: ${sides.map((r) => r.firstError).find(Boolean)}` : ''),
        );
      }
    }
    const accountsAfter = Number((await db.readOne(countGraph))[0].accounts);
    await httpFloor.stop();
    await api.stop();

    const machine = { nproc: os.availableParallelism(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version };
    const command = `npm run bench:api -- ${process.argv.slice(2).join(' ')}`.trim();
    const commit = gitDescription();
    // A cell with no completed request (a half shorter than one answer) has no percentile.
    const r2 = (x: number): number | string => (Number.isFinite(x) ? Math.round(x * 100) / 100 : '–');
    process.stdout.write(
      `\nReal-time API paths (bench:api), ${startedAt.toISOString()}\n` +
        `command: ${command}\ncommit: ${commit}\n` +
        `machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}\n` +
        `graph: ${graph.accounts.toLocaleString('en-US')} accounts, ${graph.members.toLocaleString('en-US')} members, ${graph.identifiers.toLocaleString('en-US')} identifiers, ` +
        `${graph.memberships.toLocaleString('en-US')} 88VIP memberships, before the upserts (which added ${(accountsAfter - accountsBefore).toLocaleString('en-US')} accounts, warm-up included)\n` +
        `each cell: ${args.duration} s per side in two halves (A-B-C-C-B-A with the HTTP floor, A-B-B-A without), after ${args.warmup} s of warm-up per path and side\n` +
        `response bytes, mean of 20 samples (API / HTTP floor): ${Object.entries(responseBytes).map(([name, b]) => `${name} ${b.api.toFixed(0)} / ${b.httpFloor.toFixed(0)}`).join(', ')}\n\n`,
    );
    process.stdout.write(
      table(
        ['path', 'clients', 'API req/s', 'API p50 ms', 'API p99 ms', 'floor req/s', 'floor p50 ms', 'floor p99 ms', 'req/s API÷floor', 'p50 API÷floor', 'errors API/floor', 'main thread busy API/floor', 'main thread CPU ms/request API/floor', 'Neo4j CPU ms/request API/floor', 'goal'],
        results.map((m) => [
          m.path,
          m.clients,
          Math.round(m.api.perSecond),
          r2(m.api.p50),
          r2(m.api.p99),
          Math.round(m.floor.perSecond),
          r2(m.floor.p50),
          r2(m.floor.p99),
          r2(m.ratios.perSecond),
          r2(m.ratios.p50),
          `${m.api.errors}/${m.floor.errors}`,
          `${Math.round(m.api.mainThreadBusy * 100)} % / ${Math.round(m.floor.mainThreadBusy * 100)} %`,
          `${r2(m.api.mainThreadCpuPerRequest)} / ${r2(m.floor.mainThreadCpuPerRequest)}`,
          `${r2(m.neo4jCpuPerRequest.api)} / ${r2(m.neo4jCpuPerRequest.floor)}`,
          `${m.goal}: ${m.goalMet ? 'met' : 'missed'}`,
        ]),
      ) + '\n',
    );
    const withHttpFloor = results.filter((m) => m.httpFloor && m.httpFloorRatios);
    if (withHttpFloor.length) {
      process.stdout.write(
        '\nThe HTTP floor: a bare node:http server running the floor\'s statement, driven by the same load as the API\n\n' +
          table(
            ['path', 'clients', 'floor req/s', 'HTTP floor req/s', 'API req/s', 'HTTP floor÷floor req/s', 'API÷HTTP floor req/s', 'floor p50 ms', 'HTTP floor p50 ms', 'API p50 ms', 'HTTP floor÷floor p50', 'API÷HTTP floor p50', 'HTTP floor p99 ms', 'errors HTTP floor', 'main thread busy API/HTTP floor/floor', 'main thread CPU ms/request API/HTTP floor/floor', 'Neo4j CPU ms/request API/HTTP floor/floor'],
            withHttpFloor.map((m) => {
              const h = m.httpFloor!;
              const r = m.httpFloorRatios!;
              return [
                m.path,
                m.clients,
                Math.round(m.floor.perSecond),
                Math.round(h.perSecond),
                Math.round(m.api.perSecond),
                r2(r.httpFloorOverFloor.perSecond),
                r2(r.apiOverHttpFloor.perSecond),
                r2(m.floor.p50),
                r2(h.p50),
                r2(m.api.p50),
                r2(r.httpFloorOverFloor.p50),
                r2(r.apiOverHttpFloor.p50),
                r2(h.p99),
                h.errors,
                `${Math.round(m.api.mainThreadBusy * 100)} % / ${Math.round(h.mainThreadBusy * 100)} % / ${Math.round(m.floor.mainThreadBusy * 100)} %`,
                `${r2(m.api.mainThreadCpuPerRequest)} / ${r2(h.mainThreadCpuPerRequest)} / ${r2(m.floor.mainThreadCpuPerRequest)}`,
                `${r2(m.neo4jCpuPerRequest.api)} / ${r2(m.neo4jCpuPerRequest.httpFloor ?? NaN)} / ${r2(m.neo4jCpuPerRequest.floor)}`,
              ];
            }),
          ) +
          '\n',
      );
    }
    const firstError = results.map((m) => m.api.firstError ?? m.httpFloor?.firstError ?? m.floor.firstError).find(Boolean);
    if (firstError) process.stdout.write(`\nfirst error: ${firstError}\n`);
    if (args.out) {
      fs.writeFileSync(args.out, JSON.stringify({ startedAt, command, commit, machine, graph, args, responseBytes, results }, null, 2));
      say(`wrote ${args.out}`);
    }
  } finally {
    await bench.close();
  }
}

/** The embedded Neo4j this process started (a java child process), or null with NEO4J_URI. */
function embeddedNeo4jPid(): number | null {
  for (const entry of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      if (parent === String(process.pid) && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').startsWith('java')) return Number(entry);
    } catch {
      // a process that ended meanwhile, or no /proc
    }
  }
  return null;
}

/** User and system CPU time of a whole process so far, ms (NaN without it or without /proc). */
function processCpuMs(pid: number | null): number {
  if (pid === null) return NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** Five new accounts, one after the other (phones outside the measured blocks). */
async function primeUpserts(url: string, prefix: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const input = { app: APPS[i % APPS.length].code, externalId: `${prefix}-${i}`, identifiers: [{ kind: 'PHONE', value: String(FIRST_PHONE - 1_000_000 + ((prefix.length * 7_919 + i * 104_729) % 1_000_000)) }] };
    await postGraphQL(url, UPSERT_QUERY, { input });
  }
}

/** The API's start-up work (the item similarity refresh) runs in the background: measurements start after it. */
async function untilStartupRefreshEnds(url: string): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    const ready = (await (await fetch(url.replace('/graphql', '/readyz'))).json()) as { details?: { recommendations?: { lastRefreshAt?: string; lastError?: string } } };
    if (ready.details?.recommendations?.lastRefreshAt || ready.details?.recommendations?.lastError) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

type ResponseBytes = Record<'resolve' | 'profile', { api: number; httpFloor: number }>;

/**
 * The floors must answer what the API answers, or the ratios compare different work: checks a few samples of each
 * path, the floor's statement and the HTTP floor (sent the API's very body) against the API, and stops the run on the
 * first difference. Returns the mean length of the API's and the HTTP floor's responses.
 */
async function checkFloorsAnswerAlike(
  url: string,
  httpFloor: Record<'resolve' | 'resolveMap' | 'profile', string>,
  sample: Refs,
  run: (statement: Statement, params: Record<string, unknown>) => Promise<Record<string, any>[]>,
  profileParams: (id: string) => Record<string, unknown>,
): Promise<ResponseBytes> {
  const SAMPLES = 20;
  const same = (what: string, api: unknown, floor: unknown, which = 'floor'): void => {
    if (JSON.stringify(api) !== JSON.stringify(floor)) throw new Error(`the ${which} of ${what} answers differently:\nAPI   ${JSON.stringify(api)}\n${which} ${JSON.stringify(floor)}`);
  };
  const bytes: ResponseBytes = { resolve: { api: 0, httpFloor: 0 }, profile: { api: 0, httpFloor: 0 } };
  const resolved = (r: any) => ({ account: r.account.id, member: r.member.id, linkedApps: r.linkedApps });
  for (const ref of sample.refs.slice(0, SAMPLES)) {
    const api = await postGraphQLSized(url, RESOLVE_QUERY, { ref });
    const http = await postGraphQLSized(httpFloor.resolve, RESOLVE_QUERY, { ref });
    const [f] = await run(resolveIdentityFloor, ref);
    same('resolveIdentity', resolved(api.data.resolveIdentity), { account: f.accountId, member: f.memberId, linkedApps: f.linkedApps });
    same('resolveIdentity', resolved(api.data.resolveIdentity), resolved(http.data.resolveIdentity), 'HTTP floor');
    same('resolveIdentity', resolved(api.data.resolveIdentity), resolved((await postGraphQL(httpFloor.resolveMap, RESOLVE_QUERY, { ref })).resolveIdentity), 'Map over HTTP');
    bytes.resolve.api += api.bytes / SAMPLES;
    bytes.resolve.httpFloor += http.bytes / SAMPLES;
  }
  const profiled = (f: any) => ({
    accounts: f.accounts.map((a: any) => [a.id, a.externalId, a.app, a.method, a.identifiers.map((i: any) => `${i.kind} ${i.masked}`)]),
    memberships: f.memberships.map((x: any) => x.program).sort(),
    benefits: f.benefits.map((b: any) => b.id),
  });
  for (const id of sample.members.slice(0, SAMPLES)) {
    const api = await postGraphQLSized(url, PROFILE_QUERY, { id });
    const http = await postGraphQLSized(httpFloor.profile, PROFILE_QUERY, { id });
    const [f] = await run(memberProfileFloor, profileParams(id));
    const m = api.data.member;
    const fromApi = {
      accounts: m.accounts.map((a: any) => [a.id, a.externalId, a.app.code, a.link.method, a.identifiers.map((i: any) => `${i.kind} ${i.masked}`)]),
      memberships: m.memberships.map((x: any) => x.program).sort(),
      benefits: m.benefits.map((b: any) => b.benefit.id),
    };
    same(`member ${id}`, fromApi, profiled(f));
    same(`member ${id}`, fromApi, profiled(http.data.member), 'HTTP floor');
    bytes.profile.api += api.bytes / SAMPLES;
    bytes.profile.httpFloor += http.bytes / SAMPLES;
  }
  say(`the floors and the HTTP floor answer what the API answers (${SAMPLES} samples each of resolveIdentity and the profile)`);
  return bytes;
}

main().catch((error) => {
  process.stderr.write(`error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
