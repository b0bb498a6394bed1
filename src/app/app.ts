import 'reflect-metadata';
import { APPS } from '../identity/app.registry';
import { Context, createContext } from './context';
import { seedCatalogs } from '../membership/catalog.seed';
import { graphIsEmpty, loadDemoGraph } from '../demo/demo.seed';
import { seedBrands } from '../catalog/brand.repository';
import { Config } from './config';
import { startHttpServer } from '../platform/http/server';
import { RateLimits } from '../platform/http/rate.limits';
import { createTokenVerifier } from '../platform/auth/token.verifier';
import { mayUseAnyFieldOf, requireAccess } from '../platform/auth/authorize.middleware';
import { segmentExportRoute } from '../analytics/segment.export';
import { ACCESS_POLICY } from './access.policy';
import { logger } from '../platform/logger';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { EmbeddedNeo4j, startEmbeddedNeo4j } from '../platform/neo4j/embedded';
import { migrate } from '../platform/neo4j/migrations';
import { loadMatchModel } from '../identity/matching.model.repository';
import { buildGraphQLSchema } from './schema';
import { seedRecommendationCatalog } from '../recommendation/catalog.seed';
import { refresherFor } from '../recommendation/similarity.refresh';
import { startChangeRetention } from '../identity/change.retention';
import { startWebhookDelivery } from '../identity/webhook.delivery';
import { IdentityCache } from '../identity/identity.cache';
import { startIdentityCacheTail } from '../identity/change.tail';

const seedApps = statement<Named<'apps'>>('identity/seed-apps', ['apps']);

export interface RunningApp {
  url: string;
  port: number;
  db: Database;
  /** This instance's identity cache (its figures: benchmarks and tests). */
  identityCache: IdentityCache;
  stop(): Promise<void>;
}

export interface DatabaseHandle {
  db: Database;
  embedded?: EmbeddedNeo4j;
  close(): Promise<void>;
}

/** Connects to NEO4J_URI, or starts the embedded Neo4j when it is unset; applies migrations, seeds apps and catalogs. */
export async function openDatabase(config: Config): Promise<DatabaseHandle> {
  const embedded = config.neo4j.uri ? undefined : await startEmbeddedNeo4j(config.embedded);
  const db = Database.connect(config.neo4j.uri ?? embedded!.uri, config.neo4j);
  try {
    await db.driver.verifyConnectivity({ database: config.neo4j.database });
    await migrate(db);
    await db.writeOne(seedApps, { apps: APPS });
    await seedBrands(db);
    await seedRecommendationCatalog(db);
    await seedCatalogs(db, config);
    config.matching.model = (await loadMatchModel(db)) ?? config.matching.model;
  } catch (error) {
    await db.close();
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    embedded,
    close: async () => {
      await db.close();
      await embedded?.stop();
    },
  };
}

/** Starts the API over an open database; loads the demo graph first when enabled and the graph has no members. */
export async function startApi(config: Config, db: Database): Promise<RunningApp> {
  if (config.demoData && (await graphIsEmpty(db))) {
    const loaded = await loadDemoGraph(db, config);
    logger.info({ people: loaded.people, members: loaded.memberIds.length, events: loaded.events }, 'demo graph loaded into the empty database');
  }
  const verifyToken = createTokenVerifier(config.auth);
  const rateLimits = new RateLimits(config.limits);
  if (config.auth.devMode) {
    logger.warn('DEV MODE: no AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY_FILE or AUTH_JWKS_FILE is set, so every request is treated as an admin. Never run like this in production.');
  }
  const similarity = refresherFor(db, config.recommendation, logger);
  // Answers nothing until its tail has read where the outbox stands (IdentityCache.start).
  const identityCache = new IdentityCache(config.cache.maxBytes, config.cache.maxStalenessMs);
  const server = await startHttpServer({
    schema: buildGraphQLSchema(),
    port: config.port,
    host: config.host,
    bodyLimitBytes: config.bodyLimitBytes,
    corsOrigins: config.corsOrigins,
    log: logger,
    authenticate: verifyToken,
    context: (requestId, principal) => createContext(db, config, identityCache, logger.child({ requestId, role: principal.role }), requestId, principal),
    // Only subscriptions are served over WebSocket: a role that may use none is refused when it connects.
    subscriber: (principal) => mayUseAnyFieldOf(ACCESS_POLICY, 'Subscription', principal),
    routes: { '/export/segment': segmentExportRoute((context: Context) => requireAccess(ACCESS_POLICY, 'Export.segment', context.principal, {}, context)) },
    ready: () => db.ping(),
    readyDetails: async () => {
      const recommendations = await similarity.status();
      return { details: { recommendations }, degraded: recommendations.degraded ? [`recommendations: ${recommendations.degraded}`] : [] };
    },
    production: config.nodeEnv === 'production',
    limits: config.limits,
    rateLimits,
  });
  similarity.start();
  const identityCacheTail = startIdentityCacheTail(db, identityCache, config.changesPollMs, logger);
  const webhooks = config.webhooks.targets.length ? startWebhookDelivery(db, config.webhooks, config.changesPollMs, logger) : undefined;
  const retention = startChangeRetention(db, config.changesRetentionDays, logger);
  return {
    url: server.url,
    port: server.port,
    db,
    identityCache,
    stop: async () => {
      await similarity.stop();
      await webhooks?.stop();
      await retention.stop();
      await server.stop();
      await identityCacheTail.stop();
    },
  };
}
