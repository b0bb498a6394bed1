import { bool, ConfigError, Env, fraction, int } from '../platform/config';
import { ConsentPurpose, defaultPurposes } from './consent.purpose';
import { MATCH_RULES, MatchModel, MatchRule, startingModel } from './matching.model';
import { loadWebhookConfig, WebhookConfig } from './webhook.config';

export { MATCH_RULES, MatchRule };

export interface MatchingConfig {
  /** A probability of one person at or above this links (given evidence other than a DEVICE_ID); in bits, log2(p / (1 - p)). */
  linkThreshold: number;
  /** A probability at or above this, below linkThreshold, goes to the review queue. */
  reviewThreshold: number;
  /** The noisy-OR weights of the rules matching used before: they build the starting model. */
  weights: Record<MatchRule, number>;
  /** The Fellegi–Sunter model scoring uses: the trained one stored in the graph (npm run match:train), else the starting model. */
  model: MatchModel;
  /** Name similarity (0..1) below which names are DIFFERENT (unless one has a word of the other). */
  nameSimilarityMin: number;
  /** An identifier shared by more accounts than this stops counting as evidence (a shop's phone, an office device). */
  identifierMaxAccounts: number;
  /** A member holds at most this many accounts on one app; a link past it goes to review. */
  maxAccountsPerApp: number;
  /** At most this many candidate accounts are scored per blocking key, so matching cost stays flat as the graph grows. */
  maxCandidates: number;
}

export interface IdentityCacheConfig {
  /** Most bytes of account identities held per process; 0: no cache. */
  maxBytes: number;
  /** A cached answer is given only while the outbox was last read to its end at most this long ago. */
  maxStalenessMs: number;
}

/**
 * Megabytes of the cache when the outbox is on: at about 1.2 KB an account (bench:cache, BENCHMARKS.md §4), some
 * 55,000 accounts, the hot set of a partner's traffic, in a small share of a process's memory; raise it for more.
 */
const DEFAULT_CACHE_MB = 64;

/**
 * The cache is kept exact by the outbox, so it needs the outbox; the bound must leave room for a few polls of it, or
 * a busy moment would turn every answer into a database read.
 */
function cacheConfig(env: Env, outbox: boolean, pollMs: number): IdentityCacheConfig {
  const mb = int(env, 'IDENTITY_CACHE_MB', outbox ? DEFAULT_CACHE_MB : 0, 0, 65_536);
  if (mb > 0 && !outbox) throw new ConfigError('IDENTITY_CACHE_MB needs IDENTITY_CHANGES_OUTBOX=true (the outbox keeps the cache exact across instances): set IDENTITY_CACHE_MB=0');
  const maxStalenessMs = int(env, 'IDENTITY_CACHE_MAX_STALENESS_MS', Math.max(1000, 5 * pollMs), 10, 600_000);
  if (maxStalenessMs < 2 * pollMs) throw new ConfigError(`IDENTITY_CACHE_MAX_STALENESS_MS must be at least twice IDENTITY_CHANGES_POLL_MS (${2 * pollMs})`);
  return { maxBytes: mb * 1024 * 1024, maxStalenessMs };
}

/** What the identity domain reads from the environment. */
export interface IdentityConfig {
  /** Key of the HMAC under which identifiers are stored (and link-consent tokens signed). */
  identifierHashKey: string;
  identifierHashKeyIsDefault: boolean;
  matching: MatchingConfig;
  /** The purposes automatic links get (LINK_DEFAULT_PURPOSES). */
  linkDefaultPurposes: ConsentPurpose[];
  /** Record identity-change events in the outbox (IDENTITY_CHANGES_OUTBOX). */
  identityChanges: boolean;
  /** Re-examine the links of identifiers an ingest took past the limit right after its commit (OVERSHARED_REEXAMINE_AFTER_INGEST). */
  reexamineAfterIngest: boolean;
  /** How often a caught-up subscription looks for new changes (IDENTITY_CHANGES_POLL_MS). */
  changesPollMs: number;
  /** Days an identity change (erasure notices included) is kept in the outbox (IDENTITY_CHANGES_RETENTION_DAYS). */
  changesRetentionDays: number;
  /** The in-process identity cache (IDENTITY_CACHE_MB, IDENTITY_CACHE_MAX_STALENESS_MS). */
  cache: IdentityCacheConfig;
  /** Partner webhooks for identity changes (IDENTITY_WEBHOOKS, WEBHOOK_*). */
  webhooks: WebhookConfig;
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

function weights(env: Env): Record<MatchRule, number> {
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

function matchingConfig(env: Env): MatchingConfig {
  const linkThreshold = fraction(env, 'MATCH_LINK_THRESHOLD', 0.9);
  const reviewThreshold = fraction(env, 'MATCH_REVIEW_THRESHOLD', 0.6);
  if (reviewThreshold > linkThreshold) throw new ConfigError('MATCH_REVIEW_THRESHOLD must not be above MATCH_LINK_THRESHOLD');
  const weighted = weights(env);
  return {
    linkThreshold,
    reviewThreshold,
    weights: weighted,
    model: startingModel(weighted),
    nameSimilarityMin: fraction(env, 'MATCH_NAME_SIMILARITY_MIN', 0.8),
    identifierMaxAccounts: int(env, 'IDENTIFIER_MAX_ACCOUNTS', 20, 2, 100_000),
    maxAccountsPerApp: int(env, 'MEMBER_MAX_ACCOUNTS_PER_APP', 3, 1, 1000),
    maxCandidates: int(env, 'MATCH_MAX_CANDIDATES', 50, 1, 10_000),
  };
}

/** Reads and validates the identity settings; throws ConfigError with one line naming the variable. */
export function loadIdentityConfig(env: Env): IdentityConfig {
  const hashKey = env.IDENTIFIER_HASH_KEY || '';
  if (hashKey && hashKey.length < 16) throw new ConfigError('IDENTIFIER_HASH_KEY must be at least 16 characters');
  if ((env.NODE_ENV || 'development') === 'production') checkProductionHashKey(hashKey);
  const identityChanges = bool(env, 'IDENTITY_CHANGES_OUTBOX', true);
  const changesPollMs = int(env, 'IDENTITY_CHANGES_POLL_MS', 200, 10, 60_000);
  return { identifierHashKey: hashKey || DEV_HASH_KEY, identifierHashKeyIsDefault: !hashKey, matching: matchingConfig(env), linkDefaultPurposes: defaultPurposes(env), identityChanges, reexamineAfterIngest: bool(env, 'OVERSHARED_REEXAMINE_AFTER_INGEST', true), changesPollMs, changesRetentionDays: int(env, 'IDENTITY_CHANGES_RETENTION_DAYS', 30, 1, 3650), cache: cacheConfig(env, identityChanges, changesPollMs), webhooks: loadWebhookConfig(env) };
}
