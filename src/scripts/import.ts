import 'reflect-metadata';
import fs from 'node:fs';
import { openDatabase } from '../app/app';
import { importNdjson, ImportSummary } from '../importing/import.ndjson';
import { formatDuration } from '../importing/import.progress';
import { ConfigError } from '../platform/config';
import { loadConfig } from '../app/config';
import { logger } from '../platform/logger';
import { EmbeddedNeo4jError } from '../platform/neo4j/embedded';

const USAGE = 'usage: npm run import -- accounts.ndjson [--batch 2000]  (--batch: most accounts per transaction)';

class UsageError extends Error {}

function parseArgs(argv: string[]): { file: string; batchSize: number } {
  let file: string | undefined;
  let batchSize = 2000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--batch') {
      batchSize = Number(argv[++i]);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new UsageError(`--batch must be a whole number from 1 to 100000\n${USAGE}`);
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}\n${USAGE}`);
    } else if (file) {
      throw new UsageError(`one file at a time\n${USAGE}`);
    } else {
      file = arg;
    }
  }
  if (!file) throw new UsageError(USAGE);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`${file} is not a file\n${USAGE}`);
  return { file, batchSize };
}

function report(summary: ImportSummary): string {
  const t = summary.totals;
  const rows = [
    ['accounts imported', t.accounts],
    ['  linked to an existing member', t.linked],
    ['  sent to review', t.review],
    ['  new members', t.newMembers],
    ['lines rejected', t.rejected],
  ];
  const lines = rows.map(([label, n]) => `${String(label).padEnd(32)}${n.toLocaleString('en-US').padStart(12)}`);
  lines.push(`${'rate (this run)'.padEnd(32)}${`${Math.round(summary.accountsPerSecond).toLocaleString('en-US')}/s`.padStart(12)}  (${summary.accountsThisRun.toLocaleString('en-US')} accounts in ${formatDuration(summary.seconds)})`);
  lines.push(`${'batches'.padEnd(32)}${summary.batches.toLocaleString('en-US').padStart(12)}  (${summary.batchSizes.min}–${summary.batchSizes.max} accounts each)`);
  if (summary.resumedAfterLine > 0) lines.push(`resumed after line ${summary.resumedAfterLine}`);
  if (summary.rejectsPath) lines.push(`rejected lines, with their line numbers and reasons: ${summary.rejectsPath}`);
  if (!summary.completed) lines.push(`stopped after line ${summary.lastLine}; run the same command again to resume`);
  return lines.join('\n') + '\n';
}

/** `npm run import -- file.ndjson [--batch N]`: imports accounts in batched transactions (at most N accounts each), resumably. */
async function main(): Promise<void> {
  const { file, batchSize } = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  logger.level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  const database = await openDatabase(config);
  const abort = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nstopping after the batch in flight (Ctrl-C again to stop now; the checkpoint is kept)...\n');
    abort.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  try {
    const summary = await importNdjson(database.db, config, file, { batchSize, transactionTimeoutMs: config.neo4j.queryTimeoutMs, signal: abort.signal });
    process.stdout.write(report(summary));
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof EmbeddedNeo4jError || error instanceof UsageError;
  process.stderr.write(`error: ${known ? error.message : String(error)}\n`);
  if (!known) process.stderr.write('the checkpoint of the last committed batch is kept: run the same command again to resume\n');
  process.exit(1);
});
