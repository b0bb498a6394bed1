import 'reflect-metadata';
import { openDatabase } from '../app/app';
import { loadDemoGraph, removeDemoGraph } from '../demo/demo.seed';
import { ConfigError } from '../platform/config';
import { loadConfig } from '../app/config';
import { logger } from '../platform/logger';
import { EmbeddedNeo4jError } from '../platform/neo4j/embedded';

/** Reloads the demo graph: removes every demo member and account, then loads them again. Other data is untouched. */
async function seed(): Promise<void> {
  const config = loadConfig();
  logger.level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  const database = await openDatabase(config);
  try {
    const removed = await removeDemoGraph(database.db);
    process.stdout.write(`removed ${removed} demo members and accounts\n`);
    const loaded = await loadDemoGraph(database.db, config, (done, total) => {
      process.stdout.write(`\rloading demo people ${done}/${total}`);
    });
    process.stdout.write(`\nloaded ${loaded.people} demo people (${loaded.memberIds.length} members) and ${loaded.events} events, derived their tags\n`);
  } finally {
    await database.close();
  }
}

seed().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof ConfigError || error instanceof EmbeddedNeo4jError ? error.message : String(error)}\n`);
  process.exit(1);
});
