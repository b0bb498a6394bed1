import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApi } from '../app/app';
import { importNdjson } from '../importing/import.ndjson';
import { formatDuration } from '../importing/import.progress';
import { logger } from '../platform/logger';
import { cypher } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { loadBackground } from './background.load';
import { openBenchDatabase, percentile, table } from './bench.database';
import { GeneratedPerson, generateAccounts, generatePeople, writeDataset } from './people.generate';
import { Prng } from './prng';

const countGraph = cypher('bench/count-graph');

/**
 * `npm run bench:ingest -- [--sizes 10000,1000000] [--sample 5000] [--requests 300] [--batch 500] [--out file.json]`
 *
 * For each background size, smallest first, on one graph that grows between them: (a) the bulk import rate of a
 * fresh sample of accounts through the import module, (b) the latency of one-by-one upsertAccount calls over HTTP,
 * interleaved with two baselines, `{ __typename }` (the HTTP and GraphQL overhead) and `account(ref)` (one indexed
 * lookup), so the ratios hold on a noisy machine.
 */

interface Args {
  sizes: number[];
  sample: number;
  requests: number;
  batch: number;
  out: string | null;
}

function parseArgs(argv: string[]): Args {
  const flag = (name: string, fallback: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const sizes = flag('sizes', '10000,1000000').split(',').map(Number).sort((a, b) => a - b);
  if (sizes.some((s) => !Number.isInteger(s) || s < 0)) throw new Error('--sizes must be whole numbers, e.g. 10000,1000000');
  return { sizes, sample: Number(flag('sample', '5000')), requests: Number(flag('requests', '300')), batch: Number(flag('batch', '500')), out: flag('out', '') || null };
}

const say = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

interface StageResult {
  size: number;
  graph: { accounts: number; members: number; identifiers: number };
  backgroundLoad: { accounts: number; seconds: number; perSecond: number };
  bulk: { accounts: number; seconds: number; perSecond: number; linked: number; review: number; newMembers: number; rejected: number };
  latencyMs: Record<'typename' | 'lookup' | 'upsert', { median: number; p95: number; mean: number }>;
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

      say(`== bulk import of ${args.sample.toLocaleString('en-US')} new accounts (batch ${args.batch})`);
      const sample = generateAccounts({ people: Math.ceil(args.sample / 2.5), seed: `sample-${size}`, prefix: `s${size}` }).slice(0, args.sample);
      const file = path.join(work, `sample-${size}.ndjson`);
      writeDataset(sample, file);
      const imported = await importNdjson(db, config, file, { batchSize: args.batch });

      say(`== ${args.requests} sequential requests of each kind over HTTP, interleaved`);
      const upserts = generateAccounts({ people: args.requests, seed: `latency-${size}`, prefix: `l${size}` }).slice(0, args.requests + 20);
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
      const t = imported.totals;
      const result: StageResult = {
        size,
        graph,
        backgroundLoad: { accounts: loaded, seconds: Math.round(loadSeconds), perSecond: Math.round(loaded / Math.max(loadSeconds, 0.001)) },
        bulk: { accounts: t.accounts, seconds: Math.round(imported.seconds * 10) / 10, perSecond: Math.round(imported.accountsPerSecond * 10) / 10, linked: t.linked, review: t.review, newMembers: t.newMembers, rejected: t.rejected },
        latencyMs: { typename: stats(samples.typename), lookup: stats(samples.lookup), upsert: stats(samples.upsert) },
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
  const rows = results.map((r) => [
    r.graph.accounts,
    r.bulk.perSecond,
    r.latencyMs.upsert.median,
    r.latencyMs.upsert.p95,
    r.latencyMs.lookup.median,
    r.latencyMs.typename.median,
    Math.round((r.latencyMs.upsert.median / r.latencyMs.typename.median) * 10) / 10,
    Math.round((r.latencyMs.upsert.median / r.latencyMs.lookup.median) * 10) / 10,
    Math.round((r.latencyMs.upsert.median / first.latencyMs.upsert.median) * 100) / 100,
    Math.round((first.bulk.perSecond / r.bulk.perSecond) * 100) / 100,
  ]);
  process.stdout.write(
    '\n' +
      table(
        ['graph accounts', 'bulk accounts/s', 'upsert median ms', 'upsert p95 ms', 'account(ref) median ms', '__typename median ms', 'upsert / __typename', 'upsert / account(ref)', 'upsert vs smallest', 'bulk cost vs smallest'],
        rows,
      ) +
      '\n',
  );
  if (args.out) fs.writeFileSync(args.out, JSON.stringify({ args, machine: { cpus: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30) }, results }, null, 2) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
