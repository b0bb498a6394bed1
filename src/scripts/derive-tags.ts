import 'reflect-metadata';
import { deriveAllTags } from '../analytics/tag.derive';
import { openDatabase } from '../app/app';
import { loadConfig } from '../app/config';
import { logger } from '../platform/logger';

/** `npm run analytics:derive-tags`: derives every member's tags from the graph now (idempotent, resumable by rerunning). */
async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = 'warn';
  const database = await openDatabase(config);
  const started = Date.now();
  try {
    const members = await deriveAllTags(database.db, new Date(), {
      onProgress: (n) => process.stderr.write(`\rderived tags of ${n.toLocaleString('en-US')} members (${Math.round(n / ((Date.now() - started) / 1000))}/s)`),
    });
    process.stderr.write(`\rderived tags of ${members.toLocaleString('en-US')} members in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`tag derivation failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
