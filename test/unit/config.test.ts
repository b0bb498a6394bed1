import { ConfigError } from '../../src/platform/config';
import { loadConfig } from '../../src/app/config';

const STRONG_KEY = 'vQ3x9LmT2pZ8rW4nK7bY1cF6hJ0dS5gA';

describe('loadConfig', () => {
  it('has defaults that run the embedded Neo4j', () => {
    const config = loadConfig({});
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.port).toBe(4000);
    expect(config.embedded.boltPort).toBe(7687);
    expect(config.identifierHashKeyIsDefault).toBe(true);
  });

  it('runs in dev mode without a token key, and not with one', () => {
    expect(loadConfig({}).auth.devMode).toBe(true);
    expect(loadConfig({ AUTH_JWT_SECRET: 's'.repeat(32) }).auth.devMode).toBe(false);
  });

  it('starts in production with a strong identifier key and a token key', () => {
    const config = loadConfig({ NODE_ENV: 'production', IDENTIFIER_HASH_KEY: STRONG_KEY, AUTH_JWT_SECRET: 's'.repeat(32) });
    expect(config.identifierHashKey).toBe(STRONG_KEY);
    expect(config.auth.maxTokenAgeSeconds).toBe(86_400);
  });

  it('reads matching weights', () => {
    expect(loadConfig({ MATCH_WEIGHTS: 'PHONE=0.8, NAME=0.4' }).matching.weights).toMatchObject({ PHONE: 0.8, NAME: 0.4, EMAIL: 0.92 });
  });

  it('accepts routing and bolt URIs', () => {
    expect(loadConfig({ NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io' }).neo4j.uri).toBe('neo4j+s://abc.databases.neo4j.io');
    expect(loadConfig({ NEO4J_URI: 'bolt://db:7687' }).neo4j.uri).toBe('bolt://db:7687');
  });

  it('keeps identity changes 30 days unless IDENTITY_CHANGES_RETENTION_DAYS says otherwise', () => {
    expect(loadConfig({}).changesRetentionDays).toBe(30);
    expect(loadConfig({ IDENTITY_CHANGES_RETENTION_DAYS: '7' }).changesRetentionDays).toBe(7);
  });

  it('caches identities in 64 MB with the outbox on, answering within a second of a change; none with the outbox off', () => {
    expect(loadConfig({}).cache).toEqual({ maxBytes: 64 * 1024 * 1024, maxStalenessMs: 1000 });
    expect(loadConfig({ IDENTITY_CACHE_MB: '0' }).cache.maxBytes).toBe(0);
    expect(loadConfig({ IDENTITY_CHANGES_OUTBOX: 'false' }).cache.maxBytes).toBe(0);
    expect(loadConfig({ IDENTITY_CHANGES_POLL_MS: '500' }).cache.maxStalenessMs).toBe(2500);
    expect(loadConfig({ IDENTITY_CACHE_MB: '512', IDENTITY_CACHE_MAX_STALENESS_MS: '400' }).cache).toEqual({ maxBytes: 512 * 1024 * 1024, maxStalenessMs: 400 });
  });

  it('has request-work, concurrency and metrics defaults', () => {
    expect(loadConfig({}).limits).toMatchObject({
      maxCost: 5000,
      maxRequestCost: 10_000,
      maxResponseBytes: 1_000_000,
      maxConcurrent: 8,
      maxQueued: 100,
      mutationPoints: 5,
      metricsToken: undefined,
      metricsPort: undefined,
    });
    const set = loadConfig({ METRICS_TOKEN: 'm'.repeat(32), METRICS_PORT: '9464', GRAPHQL_MAX_REQUEST_COST: '5000', RATE_LIMIT_MUTATION_POINTS: '1' }).limits;
    expect(set).toMatchObject({ metricsToken: 'm'.repeat(32), metricsPort: 9464, maxRequestCost: 5000, mutationPoints: 1 });
  });

  it('reads CORS origins: none by default, each as browsers send it', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173/,https://A.example.com:443' }).corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
      'https://a.example.com',
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ GRAPHQL_MAX_REQUEST_COST: '4999' }, /GRAPHQL_MAX_REQUEST_COST/],
    [{ GRAPHQL_MAX_COST: '20000', GRAPHQL_MAX_REQUEST_COST: '10000' }, /GRAPHQL_MAX_REQUEST_COST/],
    [{ GRAPHQL_MAX_RESPONSE_BYTES: '10' }, /GRAPHQL_MAX_RESPONSE_BYTES/],
    [{ GRAPHQL_MAX_CONCURRENT: '0' }, /GRAPHQL_MAX_CONCURRENT/],
    [{ GRAPHQL_MAX_QUEUED: '-1' }, /GRAPHQL_MAX_QUEUED/],
    [{ RATE_LIMIT_MUTATION_POINTS: '0' }, /RATE_LIMIT_MUTATION_POINTS/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN/],
    [{ METRICS_PORT: '70000' }, /METRICS_PORT/],
    [{ METRICS_PORT: '4000' }, /METRICS_PORT/],
    [{ METRICS_PORT: '9000', PORT: '9000' }, /METRICS_PORT/],
    [{ NEO4J_URI: 'http://localhost:7474' }, /NEO4J_URI/],
    [{ NEO4J_HEAP: 'lots' }, /NEO4J_HEAP/],
    [{ DEMO_DATA: 'maybe' }, /DEMO_DATA/],
    [{ LOG_LEVEL: 'chatty' }, /LOG_LEVEL/],
    [{ IDENTIFIER_HASH_KEY: 'short' }, /IDENTIFIER_HASH_KEY/],
    [{ NODE_ENV: 'production' }, /IDENTIFIER_HASH_KEY/],
    [{ NODE_ENV: 'production', IDENTIFIER_HASH_KEY: STRONG_KEY }, /AUTH_JWT_SECRET/],
    // Regression (production accepted the public development key: demo phones fell to brute force in 81 ms).
    [{ NODE_ENV: 'production', IDENTIFIER_HASH_KEY: 'identity-graph-dev-key-not-for-production', AUTH_JWT_SECRET: 's'.repeat(32) }, /development key/],
    [{ NODE_ENV: 'production', IDENTIFIER_HASH_KEY: 'k'.repeat(48), AUTH_JWT_SECRET: 's'.repeat(32) }, /too weak/],
    [{ NODE_ENV: 'production', IDENTIFIER_HASH_KEY: 'abcdefgh12345678', AUTH_JWT_SECRET: 's'.repeat(32) }, /too weak/],
    [{ AUTH_TOKEN_MAX_AGE_SECONDS: '0' }, /AUTH_TOKEN_MAX_AGE_SECONDS/],
    [{ AUTH_JWT_SECRET: 'too-short' }, /AUTH_JWT_SECRET/],
    [{ AUTH_JWT_SECRET: 's'.repeat(32), AUTH_JWKS_FILE: '/etc/hostname' }, /only one/],
    [{ AUTH_JWT_PUBLIC_KEY_FILE: '/no/such/key.pem' }, /AUTH_JWT_PUBLIC_KEY_FILE/],
    [{ GRAPHQL_MAX_DEPTH: '1' }, /GRAPHQL_MAX_DEPTH/],
    [{ MATCH_WEIGHTS: 'PHONE=2' }, /MATCH_WEIGHTS/],
    [{ MATCH_REVIEW_THRESHOLD: '0.95' }, /MATCH_REVIEW_THRESHOLD/],
    [{ IDENTITY_CACHE_MB: '-1' }, /IDENTITY_CACHE_MB/],
    [{ IDENTITY_CACHE_MB: '16', IDENTITY_CHANGES_OUTBOX: 'false' }, /IDENTITY_CACHE_MB needs IDENTITY_CHANGES_OUTBOX/],
    [{ IDENTITY_CACHE_MAX_STALENESS_MS: '300' }, /IDENTITY_CACHE_MAX_STALENESS_MS must be at least twice IDENTITY_CHANGES_POLL_MS/],
    [{ IDENTITY_CHANGES_RETENTION_DAYS: '0' }, /IDENTITY_CHANGES_RETENTION_DAYS/],
    [{ IDENTITY_CHANGES_RETENTION_DAYS: 'forever' }, /IDENTITY_CHANGES_RETENTION_DAYS/],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://app.example.com/graphql' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'app.example.com' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://app.example.com,ftp://files.example.com' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://*.example.com' }, 'CORS_ORIGINS'],
  ])('stops with one line naming the variable for %p', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
