import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { lastOffset } from '../identity/change.repository';
import { APPS } from '../identity/app.registry';
import { startWebhookDelivery } from '../identity/webhook.delivery';
import { importNdjson } from '../importing/import.ndjson';
import { logger } from '../platform/logger';
import { cypherInt } from '../platform/neo4j/database';
import { Named, statement } from '../platform/neo4j/cypher';
import { openBenchDatabase, percentile, table } from './bench.database';
import { generateAccounts, writeDataset } from './people.generate';

const countChangesAfter = statement<Named<'apps' | 'after'>>('bench/count-changes-after', ['apps', 'after']);

/**
 * `npm run bench:changes -- [--rounds 4] [--accounts 5000] [--batch 2000]`
 *
 * The cost and the lag of the identity-change outbox under the bulk import, in one run on one graph:
 * - import rate: `rounds` pairs of imports of `accounts` new accounts each (same generator, own seeds), one with the
 *   outbox on and one with it off (IDENTITY_CHANGES_OUTBOX), alternating which goes first; medians and the median
 *   ratio of the pairs are what to quote.
 * - event lag: while the outbox is on, webhooks for every app are delivered (WEBHOOK_BATCH 100) to a receiver in this
 *   process, which notes for each change its arrival minus its `at` (written by the append statement, just before
 *   the transaction commits): p50, p99 and max over every change of every "on" round.
 */
function parseArgs(argv: string[]) {
  const flag = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    const value = Number(i >= 0 ? argv[i + 1] : fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number`);
    return value;
  };
  return { rounds: flag('rounds', 4), accounts: flag('accounts', 5000), batch: flag('batch', 2000) };
}

const say = (message: string): void => void process.stderr.write(`${message}\n`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  logger.level = 'error';
  const bench = await openBenchDatabase('bench-changes', { NEO4J_HEAP: '2g', NEO4J_PAGECACHE: '1g', NEO4J_QUERY_TIMEOUT_MS: '120000' });
  const { db, config } = bench;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-changes-files-'));
  const lags: number[] = [];
  const delivered = new Set<string>();
  let posts = 0;
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { app: string; changes: { offset: string; at: string }[] };
      posts++;
      for (const change of body.changes) {
        const key = `${body.app}:${change.offset}`;
        if (delivered.has(key)) continue;
        delivered.add(key);
        lags.push(now - Date.parse(change.at));
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/identity`;
  const webhooks = {
    ...config.webhooks,
    batch: 100,
    targets: APPS.map((app) => ({ app: app.code, url, secret: 'bench-secret-0123456789' })),
  };
  const delivery = startWebhookDelivery(db, webhooks, config.changesPollMs, logger);
  const apps = APPS.map((a) => a.code);
  const rounds: { round: number; first: string; on: number; off: number; changes: number }[] = [];
  try {
    // Warm-up, not measured: plans for every statement of both paths.
    for (const on of [true, false]) {
      const file = path.join(work, `warmup-${on}.ndjson`);
      writeDataset(generateAccounts({ people: 100, seed: `warmup-${on}`, prefix: `w${on ? 1 : 0}` }), file);
      await importNdjson(db, { ...config, identityChanges: on }, file, { batchSize: 100, progress: false, notice: () => undefined });
    }
    for (let round = 1; round <= args.rounds; round++) {
      const order = round % 2 ? [true, false] : [false, true];
      const rate: Record<string, number> = {};
      let changes = 0;
      for (const on of order) {
        const file = path.join(work, `r${round}-${on ? 'on' : 'off'}.ndjson`);
        writeDataset(generateAccounts({ people: Math.ceil(args.accounts / 2.5), seed: `r${round}-${on}`, worldSeed: `world-${round}-${on}`, prefix: `r${round}${on ? 'n' : 'f'}` }).slice(0, args.accounts), file);
        // Offsets are per app: where each app's feed stood before this round.
        const before: Record<string, number> = Object.fromEntries(await Promise.all(apps.map(async (app) => [app, await lastOffset(db, app)] as const)));
        const summary = await importNdjson(db, { ...config, identityChanges: on }, file, { batchSize: args.batch, transactionTimeoutMs: config.neo4j.queryTimeoutMs, progress: false, notice: () => undefined });
        rate[on ? 'on' : 'off'] = summary.accountsPerSecond;
        say(`round ${round}: outbox ${on ? 'on ' : 'off'} ${Math.round(summary.accountsPerSecond)} accounts/s (${summary.accountsThisRun} accounts, ${summary.batches} batches)`);
        if (on) {
          const [{ changes: appended, last }] = await db.readOne(countChangesAfter, { apps, after: Object.fromEntries(Object.entries(before).map(([app, o]) => [app, cypherInt(o)])) });
          changes = Number(appended);
          const started = Date.now();
          const deliveredSince = () => [...delivered].filter((k) => Number(k.split(':')[1]) > before[k.split(':')[0]]).length;
          while (deliveredSince() < changes) {
            if (Date.now() - started > 300_000) throw new Error(`only ${delivered.size} changes delivered after 5 minutes`);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          say(`round ${round}: ${changes} changes (offsets to ${last}) delivered`);
        }
      }
      rounds.push({ round, first: order[0] ? 'on' : 'off', on: Math.round(rate.on), off: Math.round(rate.off), changes });
    }
  } finally {
    await delivery.stop();
    receiver.close();
    await bench.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const median = (xs: number[]) => percentile(xs, 50);
  say('');
  console.log(table(['round', 'first', 'outbox on (accounts/s)', 'outbox off (accounts/s)', 'on ÷ off', 'changes'], rounds.map((r) => [r.round, r.first, r.on, r.off, (r.on / r.off).toFixed(2), r.changes])));
  console.log(`\nmedian: on ${Math.round(median(rounds.map((r) => r.on)))} accounts/s, off ${Math.round(median(rounds.map((r) => r.off)))} accounts/s, on ÷ off ${median(rounds.map((r) => r.on / r.off)).toFixed(2)}`);
  console.log(`event lag commit→webhook over ${lags.length} changes in ${posts} POSTs: p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms, max ${Math.max(...lags)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
