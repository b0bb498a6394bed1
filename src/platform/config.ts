import path from 'node:path';

/** Every setting the server reads from the environment, validated once at start-up. */
export interface Config {
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
    maxPoolSize: number;
  };
  embedded: {
    dataDir: string;
    boltPort: number;
    heap: string;
    pageCache: string;
    javaHome?: string;
  };
  identifierHashKey: string;
  identifierHashKeyIsDefault: boolean;
  demoData: boolean;
  bodyLimitBytes: number;
}

export class ConfigError extends Error {}

const ROOT = path.resolve(__dirname, '..', '..');
/** The development key is public; production must set its own so hashes cannot be reversed by guessing. */
const DEV_HASH_KEY = 'identity-graph-dev-key-not-for-production';

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function size(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+[kmg]?$/i.test(raw.trim())) throw new ConfigError(`${name} must be a size such as 512m or 2g, got "${raw}"`);
  return raw.trim().toLowerCase();
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** Reads and validates the environment; throws ConfigError with one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV || 'development';
  const uri = env.NEO4J_URI || undefined;
  if (uri && !/^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\/[^\s]+$/.test(uri)) {
    throw new ConfigError(`NEO4J_URI must be a neo4j:// or bolt:// URI (optionally +s or +ssc), got "${uri}"`);
  }
  const hashKey = env.IDENTIFIER_HASH_KEY || '';
  if (hashKey && hashKey.length < 16) throw new ConfigError('IDENTIFIER_HASH_KEY must be at least 16 characters');
  if (!hashKey && nodeEnv === 'production') {
    throw new ConfigError('IDENTIFIER_HASH_KEY must be set when NODE_ENV=production');
  }
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
      maxPoolSize: int(env, 'NEO4J_MAX_POOL_SIZE', 50, 1, 1000),
    },
    embedded: {
      dataDir: path.resolve(dataDir),
      boltPort: int(env, 'NEO4J_BOLT_PORT', 7687, 1, 65535),
      heap: size(env, 'NEO4J_HEAP', '2g'),
      pageCache: size(env, 'NEO4J_PAGECACHE', '1g'),
      javaHome: env.JAVA_HOME || undefined,
    },
    identifierHashKey: hashKey || DEV_HASH_KEY,
    identifierHashKeyIsDefault: !hashKey,
    demoData: bool(env, 'DEMO_DATA', true),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_000_000, 1024, 100_000_000),
  };
}

export const PROJECT_ROOT = ROOT;
