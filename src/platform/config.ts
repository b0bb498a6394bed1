import fs from 'node:fs';
import path from 'node:path';

/** What the platform reads from the environment; each domain reads its own part (app/config.ts joins them). */
export interface PlatformConfig {
  nodeEnv: string;
  port: number;
  host: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  neo4j: {
    /** Set when an external server is used; undefined means "start the embedded Neo4j". */
    uri?: string;
    user: string;
    password: string;
    database: string;
    queryTimeoutMs: number;
    /** How long the driver keeps retrying a transaction that failed transiently (deadlock, lost connection). */
    maxRetryTimeMs: number;
    maxPoolSize: number;
  };
  embedded: {
    dataDir: string;
    boltPort: number;
    heap: string;
    pageCache: string;
    javaHome?: string;
  };
  bodyLimitBytes: number;
  /** Origins (scheme://host[:port]) whose browser pages may call /graphql; empty: no cross-origin access. */
  corsOrigins: string[];
  auth: AuthConfig;
  limits: LimitsConfig;
}

/** How bearer tokens are checked. With no key at all (outside production) the server runs in dev mode. */
export interface AuthConfig {
  /** HS256 shared secret. */
  secret?: string;
  /** PEM public key (SPKI) for RS256 or ES256. */
  publicKeyFile?: string;
  /** A JWKS document (JSON file) for RS256 or ES256. */
  jwksFile?: string;
  issuer?: string;
  audience?: string;
  /** Tokens must carry `exp`, at most this many seconds ahead: a stolen token stops working within it. */
  maxTokenAgeSeconds: number;
  devMode: boolean;
}

/** Request limits; measured from real queries (see README, Hardening). */
export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Most cost of one operation, with its variables (see http/operation.cost.ts). */
  maxCost: number;
  /** Most cost of all the operations of one HTTP request together: batch × aliases × cost. */
  maxRequestCost: number;
  /** Largest response body in bytes; a larger answer is withheld (RESPONSE_TOO_LARGE). */
  maxResponseBytes: number;
  /** GraphQL executions running at once; more wait, up to maxQueued, then are refused (SERVER_BUSY). */
  maxConcurrent: number;
  maxQueued: number;
  /** Most operations in one batched HTTP request; 1 turns batching off. */
  maxBatch: number;
  /** Rate-limit points a minute per client IP and per token (a query is 1 point); 0 turns the limit off. */
  ratePerIp: number;
  ratePerToken: number;
  /** Points of each root field of a mutation: writes cost more than reads. */
  mutationPoints: number;
  /** When set, scraping /metrics needs `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** When set, /metrics is served on this port of 127.0.0.1, and on the public port only with metricsToken. */
  metricsPort?: number;
}

export class ConfigError extends Error {}

const ROOT = path.resolve(__dirname, '..', '..');

/** The environment variables, as process.env holds them. */
export type Env = NodeJS.ProcessEnv;

export function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function size(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+[kmg]?$/i.test(raw.trim())) throw new ConfigError(`${name} must be a size such as 512m or 2g, got "${raw}"`);
  return raw.trim().toLowerCase();
}

export function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function fraction(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new ConfigError(`${name} must be a number from 0 to 1, got "${raw}"`);
  return value;
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/**
 * A comma-separated list of origins as browsers send them (`https://app.example.com`, `http://localhost:5173`): a
 * scheme, a host and a port, no path, no wildcard (a token-bearing API names the pages it trusts).
 */
export function origins(env: Env, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const text = entry.trim();
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username || !url.hostname || text.includes('*')) {
      throw new ConfigError(`${name} must be comma-separated origins such as https://app.example.com or http://localhost:5173 (scheme, host and port, no path or wildcard), got "${text}"`);
    }
    return url.origin;
  });
}

/** Reads and validates the platform's settings; throws ConfigError with one line naming the variable. */
export function loadPlatformConfig(env: Env): PlatformConfig {
  const nodeEnv = env.NODE_ENV || 'development';
  const uri = env.NEO4J_URI || undefined;
  if (uri && !/^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\/[^\s]+$/.test(uri)) {
    throw new ConfigError(`NEO4J_URI must be a neo4j:// or bolt:// URI (optionally +s or +ssc), got "${uri}"`);
  }
  const auth: AuthConfig = {
    secret: env.AUTH_JWT_SECRET || undefined,
    publicKeyFile: env.AUTH_JWT_PUBLIC_KEY_FILE || undefined,
    jwksFile: env.AUTH_JWKS_FILE || undefined,
    issuer: env.AUTH_JWT_ISSUER || undefined,
    audience: env.AUTH_JWT_AUDIENCE || undefined,
    maxTokenAgeSeconds: int(env, 'AUTH_TOKEN_MAX_AGE_SECONDS', 86_400, 60, 31_536_000),
    devMode: false,
  };
  const keys = [auth.secret, auth.publicKeyFile, auth.jwksFile].filter(Boolean).length;
  if (keys > 1) throw new ConfigError('set only one of AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY_FILE and AUTH_JWKS_FILE');
  if (auth.secret && auth.secret.length < 32) throw new ConfigError('AUTH_JWT_SECRET must be at least 32 characters');
  for (const name of ['AUTH_JWT_PUBLIC_KEY_FILE', 'AUTH_JWKS_FILE'] as const) {
    if (env[name] && !fs.existsSync(env[name]!)) throw new ConfigError(`${name} names a file that does not exist: ${env[name]}`);
  }
  if (!keys && nodeEnv === 'production') {
    throw new ConfigError('NODE_ENV=production needs AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY_FILE or AUTH_JWKS_FILE to check tokens');
  }
  auth.devMode = keys === 0;
  const dataDir = env.NEO4J_DATA_DIR || path.join(ROOT, '.data', 'neo4j');
  return {
    nodeEnv,
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
    neo4j: {
      uri,
      user: env.NEO4J_USER || 'neo4j',
      password: env.NEO4J_PASSWORD || '',
      database: env.NEO4J_DATABASE || 'neo4j',
      queryTimeoutMs: int(env, 'NEO4J_QUERY_TIMEOUT_MS', 15000, 100, 600000),
      maxRetryTimeMs: int(env, 'NEO4J_MAX_RETRY_TIME_MS', 5000, 0, 600000),
      maxPoolSize: int(env, 'NEO4J_MAX_POOL_SIZE', 50, 1, 1000),
    },
    embedded: {
      dataDir: path.resolve(dataDir),
      boltPort: int(env, 'NEO4J_BOLT_PORT', 7687, 1, 65535),
      heap: size(env, 'NEO4J_HEAP', '2g'),
      pageCache: size(env, 'NEO4J_PAGECACHE', '1g'),
      javaHome: env.JAVA_HOME || undefined,
    },
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_000_000, 1024, 100_000_000),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    auth,
    limits: limitsConfig(env),
  };
}

function limitsConfig(env: Env): LimitsConfig {
  const maxCost = int(env, 'GRAPHQL_MAX_COST', 5000, 100, 1_000_000);
  const maxRequestCost = int(env, 'GRAPHQL_MAX_REQUEST_COST', 10_000, 100, 10_000_000);
  if (maxRequestCost < maxCost) throw new ConfigError('GRAPHQL_MAX_REQUEST_COST must not be below GRAPHQL_MAX_COST');
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < 32) throw new ConfigError('METRICS_TOKEN must be at least 32 characters');
  const metricsPort = env.METRICS_PORT ? int(env, 'METRICS_PORT', 0, 1, 65535) : undefined;
  if (metricsPort !== undefined && metricsPort === int(env, 'PORT', 4000, 0, 65535)) throw new ConfigError('METRICS_PORT must differ from PORT');
  return {
    maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 100),
    maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 15, 1, 1000),
    maxTokens: int(env, 'GRAPHQL_MAX_TOKENS', 1000, 50, 100_000),
    maxDirectives: int(env, 'GRAPHQL_MAX_DIRECTIVES', 10, 1, 1000),
    maxCost,
    maxRequestCost,
    maxResponseBytes: int(env, 'GRAPHQL_MAX_RESPONSE_BYTES', 1_000_000, 1024, 1_000_000_000),
    maxConcurrent: int(env, 'GRAPHQL_MAX_CONCURRENT', 8, 1, 1000),
    maxQueued: int(env, 'GRAPHQL_MAX_QUEUED', 100, 0, 100_000),
    maxBatch: int(env, 'GRAPHQL_MAX_BATCH', 10, 1, 100),
    ratePerIp: int(env, 'RATE_LIMIT_PER_IP', 1200, 0, 1_000_000),
    ratePerToken: int(env, 'RATE_LIMIT_PER_TOKEN', 600, 0, 1_000_000),
    mutationPoints: int(env, 'RATE_LIMIT_MUTATION_POINTS', 5, 1, 1000),
    metricsToken,
    metricsPort,
  };
}

export const PROJECT_ROOT = ROOT;
