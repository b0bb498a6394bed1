import 'reflect-metadata';
import { openDatabase, startApi } from './app';
import { ConfigError } from '../platform/config';
import { loadConfig } from './config';
import { logger } from '../platform/logger';
import { EmbeddedNeo4jError } from '../platform/neo4j/embedded';

async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = config.logLevel;
  if (config.identifierHashKeyIsDefault) {
    logger.warn('IDENTIFIER_HASH_KEY is not set: identifiers are hashed with the public development key');
  }
  const database = await openDatabase(config);
  const api = await startApi(config, database.db).catch(async (error) => {
    await database.close();
    throw error;
  });
  logger.info({ url: api.url, neo4j: config.neo4j.uri ?? database.embedded?.uri }, `identity graph API ready at ${api.url}`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests, then closing the database');
    await api.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedNeo4jError) {
    process.stderr.write(`error: ${error.message}\n`);
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    process.stderr.write(`error: the API port is already in use: stop what holds it or set PORT to a free port\n`);
  } else {
    logger.fatal({ err: error }, 'start-up failed');
  }
  process.exit(1);
});
