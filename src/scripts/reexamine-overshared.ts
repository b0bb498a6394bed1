import 'reflect-metadata';
import { openDatabase } from '../app/app';
import { loadConfig } from '../app/config';
import { reexamineAllOverShared } from '../identity/overshared.service';
import { ConfigError } from '../platform/config';
import { logger } from '../platform/logger';
import { EmbeddedNeo4jError } from '../platform/neo4j/embedded';

/**
 * `npm run identity:reexamine`: re-examines the links of every identifier over IDENTIFIER_MAX_ACCOUNTS that was not
 * re-examined yet (after a bulk load, a lowered limit, or an ingest whose follow-up failed). Resumable.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  const database = await openDatabase(config);
  try {
    const started = Date.now();
    const outcome = await reexamineAllOverShared(database.db, config, (scanned, o) => {
      process.stderr.write(`\rscanned ${scanned} identifiers: ${o.identifiers} over-shared, ${o.splits} splits, ${o.kept} kept for review`);
    });
    process.stderr.write('\n');
    process.stdout.write(
      `${outcome.identifiers} over-shared identifiers re-examined in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${outcome.members} members, ${outcome.splits} splits (${outcome.accountsMoved} accounts moved), ${outcome.kept} kept with a review\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof ConfigError || error instanceof EmbeddedNeo4jError ? error.message : String(error)}\n`);
  process.exit(1);
});
