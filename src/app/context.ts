import { Config } from './platform/config';
import { Database } from './platform/neo4j/database';
import { Logger } from './platform/logger';
import { Principal } from './platform/auth/principal';
import { createIdentityLoaders } from './identity/identity.loaders';
import { createMembershipLoaders } from './membership/membership.loaders';

/** What every resolver receives: built fresh for each request, so loaders never share a cache across requests. */
export interface Context {
  db: Database;
  config: Config;
  log: Logger;
  requestId: string;
  /** Who is calling; access is decided from it in one place (access.policy.ts). */
  principal: Principal;
  /** The request's clock: every eligibility answer in one request is decided at the same instant. */
  now: Date;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: Database, config: Config, now: Date) {
  return { ...createIdentityLoaders(db), ...createMembershipLoaders(db, config, now) };
}

export function createContext(db: Database, config: Config, log: Logger, requestId: string, principal: Principal): Context {
  const now = new Date();
  return { db, config, log, requestId, principal, now, loaders: createLoaders(db, config, now) };
}
