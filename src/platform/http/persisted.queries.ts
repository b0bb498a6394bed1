import { createHash } from 'node:crypto';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The sha256 (hex) of a query text, as automatic persisted queries name it. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

export const isSha256Hex = (value: unknown): value is string => typeof value === 'string' && SHA256_HEX.test(value);

/**
 * Automatic persisted queries, kept here rather than in Apollo so the text behind a hash is known before Apollo
 * runs anything: its cost is counted like any other query's. Least recently used first out, bounded by the
 * characters held. Per process, like the rate limits.
 */
export class PersistedQueries {
  private readonly queries = new Map<string, string>();
  private size = 0;

  constructor(private readonly maxChars: number) {}

  get(hash: string): string | undefined {
    const query = this.queries.get(hash);
    if (query !== undefined) {
      this.queries.delete(hash);
      this.queries.set(hash, query);
    }
    return query;
  }

  /** Remembers a query under its hash; the caller has checked that the hash is the query's. */
  set(hash: string, query: string): void {
    if (query.length > this.maxChars || this.queries.has(hash)) return;
    this.queries.set(hash, query);
    this.size += query.length;
    for (const [oldest, text] of this.queries) {
      if (this.size <= this.maxChars) break;
      this.queries.delete(oldest);
      this.size -= text.length;
    }
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
