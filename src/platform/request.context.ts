import { Principal } from './auth/principal';
import { Logger } from './logger';
import { Database } from './neo4j/database';

/** What every resolver receives from the platform, built fresh for each request; domains add their config and loaders. */
export interface RequestContext {
  db: Database;
  log: Logger;
  requestId: string;
  /** Who is calling; access is decided from it in one place (app/access.policy.ts). */
  principal: Principal;
  /** The request's clock: every answer in one request is decided at the same instant. */
  now: Date;
}
