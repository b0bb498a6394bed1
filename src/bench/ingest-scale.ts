import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApi } from '../app/app';
import { Config } from '../app/config';
import { AccountWrite } from '../identity/account.repository';
import { IngestOutcome } from '../identity/ingest.outcome';
import { MatchDecision } from '../identity/matching.rules';
import { importNdjson, ImportSummary } from '../importing/import.ndjson';
import { formatDuration } from '../importing/import.progress';
import { logger } from '../platform/logger';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { loadBackground } from './background.load';
import { openBenchDatabase, percentile, table } from './bench.database';
import { GeneratedPerson, generateAccounts, generatePeople, writeDataset } from './people.generate';
import { Prng } from './prng';

const countGraph = statement('bench/count-graph', []);
const storeAccounts = statement<Named<'ids' | 'apps' | 'externalIds' | 'displayNames' | 'birthDates' | 'cities' | 'hashes' | 'kinds' | 'masks'>>(
  'bench/store-accounts',
  ['ids', 'apps', 'externalIds', 'displayNames', 'birthDates', 'cities', 'hashes', 'kinds', 'masks'],
);

/**
 * `npm run bench:ingest -- [--sizes 10000,1000000] [--sample 20000] [--rounds 4] [--requests 300] [--batch 2000]
 * [--out file.json] [--statements]`
 *
 * For each background size, smallest first, on one graph that grows between them:
 * (a) the bulk import rate through the import module (`importNdjson`: parse, validate, hash, set-based matching,
 *     checkpoints), side by side with the raw floor, the same import of the same kind of file whose batches are stored
 *     by one UNWIND statement (bench/store-accounts) with no matching and no members. The sample is cut into rounds
 *     that alternate which of the two goes first, so noise on this shared machine hits both alike; medians and the
 *     ratio are what to quote.
 * (b) the latency of one-by-one upsertAccount calls over HTTP, interleaved with two baselines, `{ __typename }` (the
 *     HTTP and GraphQL overhead) and `account(ref)` (one indexed lookup).
 */

interface Args {
  sizes: number[];
  sample: number;
  rounds: number;
  requests: number;
  batch: number;
  out: string | null;
  /** Time each statement of the imports with matching and print where a batch's time goes. */
  statements: boolean;
}

function parseArgs(argv: string[]): Args {
  const flag = (name: string, fallback: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const sizes = flag('sizes', '10000,1000000').split(',').map(Number).sort((a, b) => a - b);
  if (sizes.some((s) => !Number.isInteger(s) || s < 0)) throw new Error('--sizes must be whole numbers, e.g. 10000,1000000');
  const numbers = { sample: Number(flag('sample', '20000')), rounds: Number(flag('rounds', '4')), requests: Number(flag('requests', '300')), batch: Number(flag('batch', '2000')) };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isInteger(value) || value < (name === 'requests' ? 0 : 1)) throw new Error(`--${name} must be a whole number, got ${value}`);
  }
  return { sizes, ...numbers, out: flag('out', '') || null, statements: argv.includes('--statements') };
}

const say = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

interface RoundResult {
  round: number;
  first: 'matched' | 'floor';
  matched: { accounts: number; seconds: number; perSecond: number; batches: number; batchSizes: { min: number; max: number } };
  floor: { accounts: number; seconds: number; perSecond: number; batches: number };
}

interface StageResult {
  size: number;
  graph: { accounts: number; members: number; identifiers: number };
  graphAfterImports: { accounts: number; members: number; identifiers: number };
  backgroundLoad: { accounts: number; seconds: number; perSecond: number };
  bulk: {
    rounds: RoundResult[];
    matchedMedianPerSecond: number;
    floorMedianPerSecond: number;
    /** Median over rounds of matched ÷ floor (each round's pair ran back to back). */
    ratioMedian: number;
    decisions: { linked: number; review: number; newMembers: number; rejected: number };
  };
  latencyMs: Record<'typename' | 'lookup' | 'upsert', { median: number; p95: number; mean: number }> | null;
}

async function graphCounts(db: Database): Promise<StageResult['graph']> {
  const [row] = await db.readOne(countGraph);
  return { accounts: row.accounts as number, members: row.members as number, identifiers: row.identifiers as number };
}

async function post(url: string, query: string, variables?: Record<string, unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { errors?: { message: string }[] };
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 200 || body.errors) throw new Error(`request failed (${res.status}): ${JSON.stringify(body.errors ?? body)}`);
  return ms;
}

const TYPENAME = '{ __typename }';
const LOOKUP = 'query($ref: AccountRef!) { account(ref: $ref) { id } }';
const UPSERT = 'mutation($input: AccountInput!) { upsertAccount(input: $input) { decision account { id } member { id } } }';

function stats(samples: number[]): { median: number; p95: number; mean: number } {
  const round = (n: number) => Math.round(n * 100) / 100;
  return { median: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), mean: round(samples.reduce((a, b) => a + b, 0) / samples.length) };
}

const median = (xs: number[]): number => percentile(xs, 50);

/** The raw floor's batch: one UNWIND statement stores the accounts; no matching, no members. */
function storeOnly(db: Database) {
  return async (writes: AccountWrite[]): Promise<IngestOutcome[]> => {
    const accounts = writes.map((w) => ({ ...w, id: randomUUID() }));
    const params = {
      ids: accounts.map((a) => a.id),
      apps: accounts.map((a) => a.app),
      externalIds: accounts.map((a) => a.externalId),
      displayNames: accounts.map((a) => a.displayName),
      birthDates: accounts.map((a) => a.birthDate),
      cities: accounts.map((a) => a.city),
      hashes: accounts.map((a) => a.identifiers.map((i) => i.hash)),
      kinds: accounts.map((a) => a.identifiers.map((i) => i.kind)),
      masks: accounts.map((a) => a.identifiers.map((i) => i.masked)),
    };
    await db.write((tx) => tx.run(storeAccounts, params), 'bench/store-accounts');
    return accounts.map((a) => ({
      account: { id: a.id, appCode: a.app, externalId: a.externalId, displayName: a.displayName, memberId: null, link: null },
      memberId: '',
      decision: MatchDecision.NO_MATCH,
      mergedMemberIds: [],
    }));
  };
}

function timeStatement(times: Map<string, { ms: number; calls: number }>, name: string, ms: number): void {
  const t = times.get(name) ?? { ms: 0, calls: 0 };
  t.ms += ms;
  t.calls++;
  times.set(name, t);
}

/** Where the imports with matching spent their time, statement by statement (the rest: planning in Node, commits). */
function printStatementTimes(times: Map<string, { ms: number; calls: number }>, accounts: number, seconds: number): void {
  const rows = [...times].sort((a, b) => b[1].ms - a[1].ms).map(([name, t]) => [name, t.calls, Math.round(t.ms), Math.round((t.ms / accounts) * 1000), `${Math.round(t.ms / 10 / seconds)} %`]);
  process.stdout.write('\n' + table(['statement (imports with matching)', 'calls', 'ms', 'ms per 1,000 accounts', 'share of import time'], rows) + '\n');
}

/**
 * Imports `sample` new accounts in `rounds` files through importNdjson, and as many through the raw floor, alternating
 * which goes first. Floor files use their own world seed, so their accounts (which get no member) share no shop phone
 * with the matched ones.
 */
async function bulkImport(db: Database, config: Config, args: Args, size: number, work: string): Promise<StageResult['bulk']> {
  const perRound = Math.ceil(args.sample / args.rounds);
  say(`== bulk import: ${args.rounds} rounds of ${perRound.toLocaleString('en-US')} accounts with matching and ${perRound.toLocaleString('en-US')} through the raw floor (batches up to ${args.batch})`);
  const rounds: RoundResult[] = [];
  const statementTimes = new Map<string, { ms: number; calls: number }>();
  const decisions = { linked: 0, review: 0, newMembers: 0, rejected: 0 };
  // Warm-up, not measured: the first run of each statement is planned and compiled.
  for (const kind of ['matched', 'floor'] as const) {
    const file = path.join(work, `warmup-${size}-${kind}.ndjson`);
    writeDataset(generateAccounts({ people: 100, seed: `warmup-${size}-${kind}`, worldSeed: `warmup-world-${size}-${kind}`, prefix: `w${size}${kind[0]}` }), file);
    await importNdjson(db, config, file, { batchSize: 100, progress: false, ingest: kind === 'floor' ? storeOnly(db) : undefined, notice: () => undefined });
  }
  for (let round = 1; round <= args.rounds; round++) {
    const files = {
      matched: path.join(work, `matched-${size}-${round}.ndjson`),
      floor: path.join(work, `floor-${size}-${round}.ndjson`),
    };
    writeDataset(generateAccounts({ people: Math.ceil(perRound / 2.5), seed: `sample-${size}-${round}`, prefix: `s${size}r${round}` }).slice(0, perRound), files.matched);
    writeDataset(
      generateAccounts({ people: Math.ceil(perRound / 2.5), seed: `floor-${size}-${round}`, worldSeed: `floor-world-${size}-${round}`, prefix: `f${size}r${round}` }).slice(0, perRound),
      files.floor,
    );
    const order: ('matched' | 'floor')[] = round % 2 ? ['matched', 'floor'] : ['floor', 'matched'];
    const got: Partial<Record<'matched' | 'floor', ImportSummary>> = {};
    for (const kind of order) {
      say(`round ${round}/${args.rounds}: ${kind === 'matched' ? 'import with matching' : 'raw floor'}`);
      db.onStatement = args.statements && kind === 'matched' ? (name, ms) => timeStatement(statementTimes, name, ms) : null;
      got[kind] = await importNdjson(db, config, files[kind], {
        batchSize: args.batch,
        transactionTimeoutMs: config.neo4j.queryTimeoutMs,
        ingest: kind === 'floor' ? storeOnly(db) : undefined,
        notice: say,
      });
      db.onStatement = null;
      say(`round ${round}/${args.rounds}: ${kind === 'matched' ? 'import with matching' : 'raw floor'} ${Math.round(got[kind]!.accountsPerSecond).toLocaleString('en-US')} accounts/s (${got[kind]!.batches} batches of ${got[kind]!.batchSizes.min}–${got[kind]!.batchSizes.max})`);
    }
    const m = got.matched!;
    const f = got.floor!;
    decisions.linked += m.totals.linked;
    decisions.review += m.totals.review;
    decisions.newMembers += m.totals.newMembers;
    decisions.rejected += m.totals.rejected + f.totals.rejected;
    rounds.push({
      round,
      first: order[0],
      matched: { accounts: m.accountsThisRun, seconds: round1(m.seconds), perSecond: Math.round(m.accountsPerSecond), batches: m.batches, batchSizes: { min: m.batchSizes.min, max: m.batchSizes.max } },
      floor: { accounts: f.accountsThisRun, seconds: round1(f.seconds), perSecond: Math.round(f.accountsPerSecond), batches: f.batches },
    });
  }
  if (args.statements) printStatementTimes(statementTimes, rounds.reduce((n, r) => n + r.matched.accounts, 0), rounds.reduce((s, r) => s + r.matched.seconds, 0));
  return {
    rounds,
    matchedMedianPerSecond: Math.round(median(rounds.map((r) => r.matched.perSecond))),
    floorMedianPerSecond: Math.round(median(rounds.map((r) => r.floor.perSecond))),
    ratioMedian: Math.round(median(rounds.map((r) => r.matched.perSecond / r.floor.perSecond)) * 100) / 100,
    decisions,
  };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  logger.level = 'error';
  const bench = await openBenchDatabase('bench-ingest', { NEO4J_HEAP: '4g', NEO4J_PAGECACHE: '4g', NEO4J_QUERY_TIMEOUT_MS: '120000', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_TOKEN: '0' });
  const { db, config } = bench;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-files-'));
  const api = await startApi(config, db);
  const url = `http://127.0.0.1:${api.port}/graphql`;
  const results: StageResult[] = [];

  const refs: { app: string; externalId: string }[] = [];
  const pickRefs = new Prng('refs');
  const background = (function* (): Generator<GeneratedPerson> {
    for (const person of generatePeople({ people: Math.ceil(Math.max(...args.sizes) / 2), seed: 'background', prefix: 'bg' })) {
      if (refs.length < 20_000 && pickRefs.chance(0.05)) refs.push({ app: person.accounts[0].input.app, externalId: person.accounts[0].input.externalId });
      yield person;
    }
  })();

  try {
    for (const size of args.sizes) {
      say(`\n== background graph of ${size.toLocaleString('en-US')} accounts`);
      const before = await graphCounts(db);
      const target = Math.max(0, size - before.accounts);
      const loadStarted = Date.now();
      let lastLine = 0;
      const loaded = await loadBackground(db, config.identifierHashKey, background, target, {
        onProgress: (done) => {
          const elapsed = (Date.now() - loadStarted) / 1000;
          if (Date.now() - lastLine < 2000 && done < target) return;
          lastLine = Date.now();
          const rate = done / elapsed;
          say(`background ${(before.accounts + done).toLocaleString('en-US')}/${size.toLocaleString('en-US')} accounts  ${Math.round(rate).toLocaleString('en-US')}/s  ETA ${formatDuration((target - done) / rate)}`);
        },
      });
      const loadSeconds = (Date.now() - loadStarted) / 1000;
      const graph = await graphCounts(db);
      say(`graph: ${graph.accounts.toLocaleString('en-US')} accounts, ${graph.members.toLocaleString('en-US')} members, ${graph.identifiers.toLocaleString('en-US')} identifiers (loaded ${loaded.toLocaleString('en-US')} in ${formatDuration(loadSeconds)})`);

      const bulk = await bulkImport(db, config, args, size, work);
      const graphAfterImports = await graphCounts(db);

      let latencyMs: StageResult['latencyMs'] = null;
      if (args.requests > 0) {
        say(`== ${args.requests} sequential requests of each kind over HTTP, interleaved`);
        const upserts = generateAccounts({ people: args.requests + 20, seed: `latency-${size}`, prefix: `l${size}` }).slice(0, args.requests + 20);
        const pick = new Prng(`lookups-${size}`);
        for (let i = 0; i < 20; i++) {
          await post(url, TYPENAME);
          await post(url, LOOKUP, { ref: pick.pick(refs) });
          await post(url, UPSERT, { input: upserts[args.requests + i]?.input ?? upserts[i].input });
        }
        const samples = { typename: [] as number[], lookup: [] as number[], upsert: [] as number[] };
        for (let i = 0; i < args.requests; i++) {
          samples.typename.push(await post(url, TYPENAME));
          samples.lookup.push(await post(url, LOOKUP, { ref: pick.pick(refs) }));
          samples.upsert.push(await post(url, UPSERT, { input: upserts[i].input }));
          if ((i + 1) % 50 === 0) say(`requests ${i + 1}/${args.requests}  upsert median so far ${percentile(samples.upsert, 50).toFixed(1)} ms`);
        }
        latencyMs = { typename: stats(samples.typename), lookup: stats(samples.lookup), upsert: stats(samples.upsert) };
      }
      const result: StageResult = {
        size,
        graph,
        graphAfterImports,
        backgroundLoad: { accounts: loaded, seconds: Math.round(loadSeconds), perSecond: Math.round(loaded / Math.max(loadSeconds, 0.001)) },
        bulk,
        latencyMs,
      };
      results.push(result);
      say(JSON.stringify(result));
    }
  } finally {
    await api.stop();
    await bench.close();
    fs.rmSync(work, { recursive: true, force: true });
  }

  const first = results[0];
  const bulkRows = results.map((r) => [
    r.graph.accounts,
    r.bulk.rounds.length,
    r.bulk.matchedMedianPerSecond,
    r.bulk.floorMedianPerSecond,
    r.bulk.ratioMedian,
    Math.round((first.bulk.matchedMedianPerSecond / r.bulk.matchedMedianPerSecond) * 100) / 100,
    `${r.bulk.decisions.linked} / ${r.bulk.decisions.review} / ${r.bulk.decisions.newMembers}`,
  ]);
  process.stdout.write(
    '\n' +
      table(['graph accounts', 'rounds', 'import with matching, accounts/s (median)', 'raw floor, accounts/s (median)', 'matching ÷ floor (median)', 'cost vs smallest', 'linked / review / new'], bulkRows) +
      '\n',
  );
  const latencyRows = results.flatMap((r) => {
    const l = r.latencyMs;
    if (!l || !first.latencyMs) return [];
    return [[
      r.graph.accounts,
      l.upsert.median,
      l.upsert.p95,
      l.lookup.median,
      l.typename.median,
      round1(l.upsert.median / l.typename.median),
      round1(l.upsert.median / l.lookup.median),
      Math.round((l.upsert.median / first.latencyMs.upsert.median) * 100) / 100,
    ]];
  });
  if (latencyRows.length) {
    process.stdout.write(
      '\n' +
        table(['graph accounts', 'upsert median ms', 'upsert p95 ms', 'account(ref) median ms', '__typename median ms', 'upsert / __typename', 'upsert / account(ref)', 'upsert vs smallest'], latencyRows) +
        '\n',
    );
  }
  if (args.out) fs.writeFileSync(args.out, JSON.stringify({ args, machine: { cpus: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30) }, results }, null, 2) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
