import 'reflect-metadata';
import { rebuildBrandSummaries } from '../analytics/brand.summary';
import { openDatabase } from '../app/app';
import { loadConfig } from '../app/config';
import { logger } from '../platform/logger';
import { progressLine } from '../platform/progress.line';

const USAGE = 'usage: npm run analytics:rebuild-summaries -- [--after <account id>] [--page 2000]';

/**
 * `npm run analytics:rebuild-summaries`: rebuilds every account's brand summaries from its events (after a bulk load,
 * or on a graph from before they existed). Progress on stderr names the last account done; a run stopped midway
 * goes on with `--after <that id>` (rebuilding a page twice is harmless).
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let after = '';
  let page = 2_000;
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--after' && argv[i + 1] !== undefined) after = argv[i + 1];
    else if (argv[i] === '--page' && Number(argv[i + 1]) >= 1) page = Number(argv[i + 1]);
    else throw new Error(`unknown or incomplete option ${argv[i]}\n${USAGE}`);
  }
  const config = loadConfig();
  logger.level = 'warn';
  const database = await openDatabase(config);
  const started = Date.now();
  const progress = progressLine(process.stderr);
  let last = after;
  try {
    const done = await rebuildBrandSummaries(database.db, {
      after,
      page,
      onProgress: (p) => {
        last = p.last;
        progress.update(`rebuilt ${p.summaries.toLocaleString('en-US')} summaries of ${p.accounts.toLocaleString('en-US')} accounts (${Math.round(p.accounts / ((Date.now() - started) / 1000))}/s), last account ${p.last}`);
      },
    });
    progress.done(`rebuilt ${done.summaries.toLocaleString('en-US')} brand summaries of ${done.accounts.toLocaleString('en-US')} accounts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    process.stderr.write(`\nstopped; resume with: npm run analytics:rebuild-summaries -- --after '${last}'\n`);
    throw error;
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`summary rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
