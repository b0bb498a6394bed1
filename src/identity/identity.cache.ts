import { WeightedLru } from '../platform/weighted.lru';
import { Link } from './link.type';

/**
 * The identity part of an account that has a member, as the cache holds it: who the account is, which member it
 * belongs to, why (the link, its consent purposes included) and the apps of that member. Names and the loyalty score
 * are left out: other writers (upserts, setLoyaltyScore) change them without an identity change, so the outbox could
 * not keep them exact.
 */
export interface CachedIdentity {
  accountId: string;
  app: string;
  externalId: string;
  memberId: string;
  link: Link | null;
  linkedApps: string[];
}

/** What a committed change makes the cache forget: every account of these members, and these accounts. */
export interface Invalidation {
  memberIds: readonly string[];
  accountIds?: readonly string[];
  refs?: readonly { app: string; externalId: string }[];
}

/** The Tx.afterCommit topic under which identity writes publish the changes they recorded (change.outbox.ts). */
export const IDENTITY_CHANGES_COMMITTED = 'identity.changes';

const refKey = (app: string, externalId: string): string => `${app}\u001f${externalId}`;

/**
 * Bytes a value takes in V8's heap, estimated from its shape: a one-byte string is a header and its characters, an
 * object a header and a slot per property, a Date an object with a number. `npm run bench:cache` sets it beside the
 * heap measured for cached identities (1,204 estimated against 1,160 measured bytes an entry, BENCHMARKS.md §4); what
 * matters is that the bound holds in order of magnitude, not to the byte.
 */
export function estimateBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 0;
  if (typeof value === 'number') return 16;
  if (typeof value === 'string') return 24 + value.length;
  if (value instanceof Date) return 48;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + 8 + estimateBytes(item), 32);
  if (typeof value === 'object') {
    let bytes = 40;
    for (const key in value) bytes += 16 + estimateBytes((value as Record<string, unknown>)[key]);
    return bytes;
  }
  return 16;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
}

/** Per entry beyond its value: the LRU's map entry and the two index entries that lead to it. */
const ENTRY_OVERHEAD_BYTES = 200;

export interface CacheStats {
  hits: number;
  misses: number;
  /** Lookups answered from the database because the cache had not caught up with the outbox recently enough. */
  behind: number;
  entries: number;
  bytes: number;
}

/**
 * An in-process cache of account identities, bounded in bytes (least recently used first out), kept exact by the
 * identity-change outbox: this instance's writes invalidate what they changed once they commit, before they answer;
 * other instances' writes are read from the outbox by the tail (change.tail.ts), which calls `invalidate` and, once
 * it has read every app's changes to their end, `caughtUp` with the time that read began.
 *
 * A lookup is answered only while the last such read began at most `maxStalenessMs` ago, so an answer never misses a
 * change committed longer ago than that. A fill is stored only if nothing was invalidated since its ticket was taken
 * (before its read): a read that raced a change and saw the graph before it cannot put the old identity back.
 */
export class IdentityCache {
  private readonly lru: WeightedLru<string, CachedIdentity>;
  private readonly byMember = new Map<string, Set<string>>();
  private readonly byAccount = new Map<string, string>();
  private generation = 0;
  private open = false;
  private caughtUpAt = -Infinity;
  private readonly counts = { hits: 0, misses: 0, behind: 0 };

  constructor(
    readonly maxBytes: number,
    readonly maxStalenessMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lru = new WeightedLru(maxBytes, (key, identity) => this.unindex(key, identity));
  }

  /** False with IDENTITY_CACHE_MB=0: every read goes to the database, as without a cache. */
  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /** Lets fills in: called by the tail once it knows where every app's changes stand (nothing before is missed). */
  start(): void {
    this.open = true;
    this.generation++;
  }

  /** The cached identity of an account, if the cache may answer now; counted as a hit, a miss or behind. */
  lookup(app: string, externalId: string): CachedIdentity | undefined {
    if (!this.enabled) return undefined;
    if (this.now() - this.caughtUpAt > this.maxStalenessMs) {
      this.counts.behind++;
      return undefined;
    }
    const found = this.lru.get(refKey(app, externalId));
    if (found) this.counts.hits++;
    else this.counts.misses++;
    return found;
  }

  /** Taken before reading what will fill the cache. */
  ticket(): number {
    return this.generation;
  }

  /** Stores an identity read after `ticket` was taken, unless something was invalidated since. */
  fill(ticket: number, identity: CachedIdentity): void {
    if (!this.enabled || !this.open || ticket !== this.generation) return;
    const key = refKey(identity.app, identity.externalId);
    // Shared by every request that hits it: frozen, so no answer's handling can change what the next one gets.
    deepFreeze(identity);
    if (!this.lru.set(key, identity, ENTRY_OVERHEAD_BYTES + estimateBytes(identity))) return;
    this.byAccount.set(identity.accountId, key);
    const keys = this.byMember.get(identity.memberId) ?? new Set<string>();
    this.byMember.set(identity.memberId, keys);
    keys.add(key);
  }

  /** Forgets every account of the members named and every account named; fills in flight are refused. */
  invalidate(what: Invalidation): void {
    this.generation++;
    for (const memberId of what.memberIds) {
      for (const key of [...(this.byMember.get(memberId) ?? [])]) this.lru.delete(key);
    }
    for (const accountId of what.accountIds ?? []) {
      const key = this.byAccount.get(accountId);
      if (key !== undefined) this.lru.delete(key);
    }
    for (const ref of what.refs ?? []) this.lru.delete(refKey(ref.app, ref.externalId));
  }

  /** Forgets everything: on any doubt about what changed (expired outbox offsets, a failed read of the outbox). */
  clear(): void {
    this.generation++;
    this.lru.clear();
    this.byMember.clear();
    this.byAccount.clear();
  }

  /** Every change committed before `startedAt` has been invalidated. */
  caughtUp(startedAt: number): void {
    this.caughtUpAt = Math.max(this.caughtUpAt, startedAt);
  }

  /** How long ago the last complete read of the outbox began (Infinity before the first). */
  lagMs(): number {
    return this.now() - this.caughtUpAt;
  }

  stats(): CacheStats {
    return { ...this.counts, entries: this.lru.size, bytes: this.lru.weight };
  }

  private unindex(key: string, identity: CachedIdentity): void {
    if (this.byAccount.get(identity.accountId) === key) this.byAccount.delete(identity.accountId);
    const keys = this.byMember.get(identity.memberId);
    keys?.delete(key);
    if (keys && !keys.size) this.byMember.delete(identity.memberId);
  }
}
