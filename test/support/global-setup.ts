import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { openDatabase } from '../../src/app/app';
import { loadConfig } from '../../src/app/config';
import { logger } from '../../src/platform/logger';
import { freePort } from '../../src/platform/ports';

/**
 * Starts one real Neo4j for the whole run: the embedded one in a fresh temporary store, or the server NEO4J_URI
 * names. Applies the migrations once; test files then connect through TEST_NEO4J_URI.
 */
export default async function globalSetup(): Promise<void> {
  logger.level = 'warn';
  const external = process.env.NEO4J_URI;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-graph-test-'));
  const config = loadConfig({
    ...process.env,
    NEO4J_DATA_DIR: dataDir,
    NEO4J_BOLT_PORT: String(await freePort()),
    NEO4J_HEAP: process.env.NEO4J_HEAP || '1g',
    NEO4J_PAGECACHE: process.env.NEO4J_PAGECACHE || '256m',
    // The migrations on a loaded machine (see testConfig).
    NEO4J_QUERY_TIMEOUT_MS: process.env.NEO4J_QUERY_TIMEOUT_MS || '60000',
  });
  if (!external) process.stderr.write('\nStarting the embedded Neo4j for the tests...\n');
  const handle = await openDatabase(config);
  process.env.TEST_NEO4J_URI = external ?? handle.embedded!.uri;
  await handle.db.close();
  (globalThis as Record<string, unknown>).__TEST_DB__ = { handle, dataDir, external };
}
