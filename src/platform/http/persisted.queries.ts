import { createHash } from 'node:crypto';
import { TextCache } from './text.cache';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The sha256 (hex) of a query text, as automatic persisted queries name it. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

export const isSha256Hex = (value: unknown): value is string => typeof value === 'string' && SHA256_HEX.test(value);

/**
 * Automatic persisted queries (hash → query text), kept here rather than in Apollo so the text behind a hash is known
 * before Apollo runs anything: its cost is counted like any other query's. Per process, like the rate limits.
 */
export class PersistedQueries extends TextCache<string> {
  constructor(maxChars: number) {
    super(maxChars, (_hash, query) => query.length);
  }
}

/**
 * The cache Apollo is given for persisted queries: it remembers nothing, so Apollo only ever runs a persisted
 * query whose text the request planner put back into the request (and answers PERSISTED_QUERY_NOT_FOUND otherwise).
 */
export const apolloForgetfulCache = {
  get: async (_key: string): Promise<string | undefined> => undefined,
  set: async (_key: string, _value: string, _options?: { ttl?: number | null }): Promise<void> => undefined,
  delete: async (_key: string): Promise<boolean> => true,
};
