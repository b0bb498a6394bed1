import { Config } from './platform/config';
import { Database } from './platform/neo4j/database';
import { Logger } from './platform/logger';
import { createIdentityLoaders } from './identity/identity.loaders';

/** What every resolver receives: built fresh for each request, so loaders never share a cache across requests. */
export interface Context {
  db: Database;
  config: Config;
  log: Logger;
  requestId: string;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: Database) {
  return { ...createIdentityLoaders(db) };
}

export function createContext(db: Database, config: Config, log: Logger, requestId: string): Context {
  return { db, config, log, requestId, loaders: createLoaders(db) };
}
