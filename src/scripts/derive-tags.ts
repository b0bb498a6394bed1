import 'reflect-metadata';
import { deriveAllTags } from '../analytics/tag.derive';
import { openDatabase } from '../app/app';
import { loadConfig } from '../app/config';
import { logger } from '../platform/logger';
import { progressLine } from '../platform/progress.line';

/** `npm run analytics:derive-tags`: derives every member's tags from the graph now (idempotent, resumable by rerunning). */
async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = 'warn';
  const database = await openDatabase(config);
  const started = Date.now();
  const progress = progressLine(process.stderr);
  try {
    const members = await deriveAllTags(database.db, new Date(), {
      onProgress: (n) => progress.update(`derived tags of ${n.toLocaleString('en-US')} members (${Math.round(n / ((Date.now() - started) / 1000))}/s)`),
    });
    progress.done(`derived tags of ${members.toLocaleString('en-US')} members in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`tag derivation failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
