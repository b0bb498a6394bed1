import fs from 'node:fs';
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
  identifierHashKey: string;
  identifierHashKeyIsDefault: boolean;
  demoData: boolean;
  bodyLimitBytes: number;
  matching: MatchingConfig;
  programs: ProgramsConfig;
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
  maxCost: number;
  /** Most operations in one batched HTTP request; 1 turns batching off. */
  maxBatch: number;
  /** Requests a minute per client IP and per token; 0 turns the limit off. */
  ratePerIp: number;
  ratePerToken: number;
}

/** The numbers of the paid programs (domain.md); they seed the (:Program) nodes and decide eligibility. */
export interface ProgramsConfig {
  vip88: { price: number; fullPrice: number; scoreThreshold: number; periodMonths: number };
  apass: { scoreThreshold: number; minAnnualSpend: number; periodMonths: number };
  /** Benefit periods ("this month") follow the members' clock: UTC+8 by default. */
  periodUtcOffsetHours: number;
}

/** The names of the matching rules; each has a weight from 0 to 1 (MATCH_WEIGHTS). */
export const MATCH_RULES = ['ID_DOCUMENT', 'PAYMENT_ID', 'PHONE', 'EMAIL', 'DEVICE_ID', 'NAME', 'BIRTH_DATE', 'CITY'] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

export interface MatchingConfig {
  /** A score at or above this links (given at least one rule other than DEVICE_ID hit). */
  linkThreshold: number;
  /** A score at or above this, below linkThreshold, goes to the review queue. */
  reviewThreshold: number;
  weights: Record<MatchRule, number>;
  /** Name similarity (0..1) below which NAME does not count. */
  nameSimilarityMin: number;
  /** An identifier shared by more accounts than this stops counting as evidence (a shop's phone, an office device). */
  identifierMaxAccounts: number;
  /** A member holds at most this many accounts on one app; a link past it goes to review. */
  maxAccountsPerApp: number;
  /** At most this many candidate accounts are scored per blocking key, so matching cost stays flat as the graph grows. */
  maxCandidates: number;
}

export const DEFAULT_WEIGHTS: Record<MatchRule, number> = {
  ID_DOCUMENT: 0.99,
  PAYMENT_ID: 0.97,
  PHONE: 0.95,
  EMAIL: 0.92,
  DEVICE_ID: 0.3,
  NAME: 0.5,
  BIRTH_DATE: 0.35,
  CITY: 0.15,
};

export class ConfigError extends Error {}

const ROOT = path.resolve(__dirname, '..', '..');
/** The development key is public; production must set its own so hashes cannot be reversed by guessing. */
const DEV_HASH_KEY = 'identity-graph-dev-key-not-for-production';

/**
 * Identifiers are stored as keyed hashes and masks; with a known or guessable key, phone numbers fall to brute force
 * in milliseconds. Production therefore needs a long key that is not the public development one and is not a
 * pattern (few distinct characters).
 */
function checkProductionHashKey(key: string): void {
  if (!key) throw new ConfigError('IDENTIFIER_HASH_KEY must be set when NODE_ENV=production (e.g. openssl rand -base64 48)');
  if (key === DEV_HASH_KEY) throw new ConfigError('IDENTIFIER_HASH_KEY is the public development key; production needs its own secret');
  if (key.length < 32 || new Set(key).size < 12) {
    throw new ConfigError('IDENTIFIER_HASH_KEY is too weak for production: use at least 32 random characters (e.g. openssl rand -base64 48)');
  }
}

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

function fraction(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new ConfigError(`${name} must be a number from 0 to 1, got "${raw}"`);
  return value;
}

function weights(env: NodeJS.ProcessEnv): Record<MatchRule, number> {
  const out = { ...DEFAULT_WEIGHTS };
  const raw = env.MATCH_WEIGHTS;
  if (!raw) return out;
  for (const pair of raw.split(',')) {
    const [rule, value] = pair.split('=').map((x) => x.trim());
    const weight = Number(value);
    if (!(MATCH_RULES as readonly string[]).includes(rule) || !Number.isFinite(weight) || weight < 0 || weight >= 1) {
      throw new ConfigError(`MATCH_WEIGHTS must look like PHONE=0.95,NAME=0.5 with rules ${MATCH_RULES.join(', ')} and weights in [0, 1), got "${pair}"`);
    }
    out[rule as MatchRule] = weight;
  }
  return out;
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
  if (nodeEnv === 'production') checkProductionHashKey(hashKey);
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
    identifierHashKey: hashKey || DEV_HASH_KEY,
    identifierHashKeyIsDefault: !hashKey,
    demoData: bool(env, 'DEMO_DATA', true),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_000_000, 1024, 100_000_000),
    matching: matchingConfig(env),
    programs: {
      vip88: {
        price: int(env, 'VIP88_PRICE', 88, 0, 1_000_000),
        fullPrice: int(env, 'VIP88_FULL_PRICE', 888, 0, 1_000_000),
        scoreThreshold: int(env, 'VIP88_SCORE_THRESHOLD', 1000, 0, 100_000),
        periodMonths: 12,
      },
      apass: {
        scoreThreshold: int(env, 'APASS_SCORE_THRESHOLD', 2500, 0, 100_000),
        minAnnualSpend: int(env, 'APASS_MIN_ANNUAL_SPEND', 100_000, 0, 1_000_000_000),
        periodMonths: 12,
      },
      periodUtcOffsetHours: int(env, 'BENEFIT_PERIOD_UTC_OFFSET_HOURS', 8, -12, 14),
    },
    auth,
    limits: {
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 100),
      maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 15, 1, 1000),
      maxTokens: int(env, 'GRAPHQL_MAX_TOKENS', 1000, 50, 100_000),
      maxDirectives: int(env, 'GRAPHQL_MAX_DIRECTIVES', 10, 1, 1000),
      maxCost: int(env, 'GRAPHQL_MAX_COST', 5000, 100, 1_000_000),
      maxBatch: int(env, 'GRAPHQL_MAX_BATCH', 10, 1, 100),
      ratePerIp: int(env, 'RATE_LIMIT_PER_IP', 1200, 0, 1_000_000),
      ratePerToken: int(env, 'RATE_LIMIT_PER_TOKEN', 600, 0, 1_000_000),
    },
  };
}

function matchingConfig(env: NodeJS.ProcessEnv): MatchingConfig {
  const linkThreshold = fraction(env, 'MATCH_LINK_THRESHOLD', 0.9);
  const reviewThreshold = fraction(env, 'MATCH_REVIEW_THRESHOLD', 0.6);
  if (reviewThreshold > linkThreshold) throw new ConfigError('MATCH_REVIEW_THRESHOLD must not be above MATCH_LINK_THRESHOLD');
  return {
    linkThreshold,
    reviewThreshold,
    weights: weights(env),
    nameSimilarityMin: fraction(env, 'MATCH_NAME_SIMILARITY_MIN', 0.8),
    identifierMaxAccounts: int(env, 'IDENTIFIER_MAX_ACCOUNTS', 20, 2, 100_000),
    maxAccountsPerApp: int(env, 'MEMBER_MAX_ACCOUNTS_PER_APP', 3, 1, 1000),
    maxCandidates: int(env, 'MATCH_MAX_CANDIDATES', 50, 1, 10_000),
  };
}

export const PROJECT_ROOT = ROOT;
