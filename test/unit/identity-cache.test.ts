import { CachedIdentity, estimateBytes, IdentityCache } from '../../src/identity/identity.cache';
import { LinkMethod } from '../../src/identity/link.type';
import { WeightedLru } from '../../src/platform/weighted.lru';

describe('WeightedLru (bounded by weight, least recently used out first)', () => {
  it('never holds more than its bound, evicting the least recently used and telling the owner', () => {
    const removed: string[] = [];
    const lru = new WeightedLru<string, number>(10, (key) => removed.push(key));
    lru.set('a', 1, 4);
    lru.set('b', 2, 4);
    expect(lru.get('a')).toBe(1); // b is now the least recently used
    lru.set('c', 3, 4);
    expect(removed).toEqual(['b']);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
    expect(lru.weight).toBe(8);
    lru.set('d', 4, 9); // evicts both a and c
    expect(removed).toEqual(['b', 'a', 'c']);
    expect(lru.weight).toBe(9);
    expect(lru.size).toBe(1);
  });

  it('replaces a key\'s value, weighing the new one, and refuses a value heavier than the bound', () => {
    const removed: [string, number][] = [];
    const lru = new WeightedLru<string, number>(10, (key, value) => removed.push([key, value]));
    lru.set('a', 1, 6);
    lru.set('a', 2, 3);
    expect(removed).toEqual([['a', 1]]);
    expect(lru.weight).toBe(3);
    expect(lru.set('huge', 9, 11)).toBe(false);
    expect(lru.get('a')).toBe(2);
    expect(lru.delete('a')).toBe(true);
    expect(lru.weight).toBe(0);
  });
});

const identity = (n: number, memberId = `member-${n}`, app = 'TAOBAO'): CachedIdentity => ({
  accountId: `account-${n}`,
  app,
  externalId: `ext-${n}`,
  memberId,
  link: { method: LinkMethod.DETERMINISTIC, confidence: 1, rules: ['NEW_MEMBER'], linkedAt: new Date(0), consentId: null, purposes: [], consentAt: new Date(0) } as never,
  linkedApps: [app],
});

/** A cache whose clock the test moves, caught up with the outbox now. */
function cacheAt(maxBytes = 1_000_000, maxStalenessMs = 1000) {
  const clock = { now: 1_000_000 };
  const cache = new IdentityCache(maxBytes, maxStalenessMs, () => clock.now);
  cache.start();
  cache.caughtUp(clock.now);
  return { cache, clock };
}

describe('IdentityCache', () => {
  it('answers what was filled, and counts hits and misses', () => {
    const { cache } = cacheAt();
    expect(cache.lookup('TAOBAO', 'ext-1')).toBeUndefined();
    cache.fill(cache.ticket(), identity(1));
    expect(cache.lookup('TAOBAO', 'ext-1')).toMatchObject({ memberId: 'member-1' });
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, behind: 0, entries: 1 });
  });

  it('stays within its bytes, the least recently used out first', () => {
    const one = 200 + estimateBytes(identity(1));
    const { cache } = cacheAt(one * 3 + 10);
    for (let n = 0; n < 10; n++) cache.fill(cache.ticket(), identity(n));
    expect(cache.stats().entries).toBe(3);
    expect(cache.stats().bytes).toBeLessThanOrEqual(one * 3 + 10);
    expect(cache.lookup('TAOBAO', 'ext-9')).toBeDefined();
    expect(cache.lookup('TAOBAO', 'ext-6')).toBeUndefined();
  });

  it('forgets every account of a member named by a change, an account by its id, or by its ref', () => {
    const { cache } = cacheAt();
    cache.fill(cache.ticket(), identity(1, 'm'));
    cache.fill(cache.ticket(), identity(2, 'm', 'ELEME'));
    cache.fill(cache.ticket(), identity(3, 'other'));
    cache.fill(cache.ticket(), identity(4, 'other2'));
    cache.invalidate({ memberIds: ['m'] });
    expect([cache.lookup('TAOBAO', 'ext-1'), cache.lookup('ELEME', 'ext-2')]).toEqual([undefined, undefined]);
    cache.invalidate({ memberIds: [], accountIds: ['account-3'] });
    expect(cache.lookup('TAOBAO', 'ext-3')).toBeUndefined();
    cache.invalidate({ memberIds: [], refs: [{ app: 'TAOBAO', externalId: 'ext-4' }] });
    expect(cache.lookup('TAOBAO', 'ext-4')).toBeUndefined();
    // Erasure leaves nothing: no entry and no index entry of the member remains.
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('refuses a fill whose read began before a change was forgotten (it may hold the graph from before the change)', () => {
    const { cache } = cacheAt();
    const ticket = cache.ticket();
    cache.invalidate({ memberIds: ['member-1'] }); // a change committed while the read was under way
    cache.fill(ticket, identity(1));
    expect(cache.lookup('TAOBAO', 'ext-1')).toBeUndefined();
    cache.fill(cache.ticket(), identity(1));
    expect(cache.lookup('TAOBAO', 'ext-1')).toBeDefined();
  });

  it('answers nothing once it has not caught up with the outbox within the bound, and again once it has', () => {
    const { cache, clock } = cacheAt(1_000_000, 1000);
    cache.fill(cache.ticket(), identity(1));
    clock.now += 1000;
    expect(cache.lookup('TAOBAO', 'ext-1')).toBeDefined();
    clock.now += 1;
    expect(cache.lookup('TAOBAO', 'ext-1')).toBeUndefined();
    expect(cache.stats().behind).toBe(1);
    cache.caughtUp(clock.now - 10);
    expect(cache.lookup('TAOBAO', 'ext-1')).toBeDefined();
  });

  it('takes no fill before the tail knows where the outbox stands, nor any with IDENTITY_CACHE_MB=0', () => {
    const early = new IdentityCache(1_000_000, 1000);
    early.caughtUp(Date.now());
    early.fill(early.ticket(), identity(1));
    expect(early.lookup('TAOBAO', 'ext-1')).toBeUndefined();
    const off = new IdentityCache(0, 1000);
    off.start();
    off.caughtUp(Date.now());
    off.fill(off.ticket(), identity(1));
    expect(off.enabled).toBe(false);
    expect(off.lookup('TAOBAO', 'ext-1')).toBeUndefined();
    expect(off.stats()).toMatchObject({ hits: 0, misses: 0, entries: 0 });
  });

  it('clears everything on doubt, and hands out identities no answer can change', () => {
    const { cache } = cacheAt();
    cache.fill(cache.ticket(), identity(1));
    const held = cache.lookup('TAOBAO', 'ext-1')!;
    expect(() => (held.linkedApps as string[]).push('ELEME')).toThrow();
    cache.clear();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});
