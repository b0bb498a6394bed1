import { Config } from './platform/config';
import { Database } from './platform/neo4j/database';
import { Logger } from './platform/logger';
import { createIdentityLoaders } from './identity/identity.loaders';
import { createMembershipLoaders } from './membership/membership.loaders';

/** What every resolver receives: built fresh for each request, so loaders never share a cache across requests. */
export interface Context {
  db: Database;
  config: Config;
  log: Logger;
  requestId: string;
  /** The request's clock: every eligibility answer in one request is decided at the same instant. */
  now: Date;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: Database, now: Date) {
  return { ...createIdentityLoaders(db), ...createMembershipLoaders(db, now) };
}

export function createContext(db: Database, config: Config, log: Logger, requestId: string): Context {
  const now = new Date();
  return { db, config, log, requestId, now, loaders: createLoaders(db, now) };
}
