import { ecosystemBatch, ecosystemBrands, ecosystemItems, EcosystemOptions } from '../../src/bench/ecosystem.generate';
import { loadRecommendationSeeds } from '../../src/recommendation/catalog.seed';

const brands = ecosystemBrands();
const items = ecosystemItems(loadRecommendationSeeds().items, brands);
const options: EcosystemOptions = { seed: 'eco-test', eventsPerMember: 16, itemEventsPerMember: 6, end: Date.UTC(2026, 0, 1), brands, items, hashKey: 'k'.repeat(32) };

describe('ecosystem generator', () => {
  const batch = ecosystemBatch(0, 2_000, options);

  it('is deterministic per member: a member reads the same whichever batch it is generated in', () => {
    const again = ecosystemBatch(1_000, 1_000, options);
    const accountsFrom = (b: typeof batch, from: number) =>
      b.accountIds.flatMap((id, a) => (b.accountMembers[a] >= from ? [`${id} ${b.accountNames[a]} ${b.hashes[a].join(',')}`] : []));
    expect(accountsFrom(again, 0)).toEqual(accountsFrom(batch, 1_000));
    expect(again.loyaltyScores).toEqual(batch.loyaltyScores.slice(1_000));
    expect(again.itemEventKeys).toEqual(batch.itemEventKeys.filter((_, e) => batch.accountMembers[batch.itemEventAccounts[e]] >= 1_000));
  });

  it('puts most members on 2 to 6 apps, with a few on one and on more', () => {
    const appsOf = batch.memberIds.map((_, m) => new Set(batch.apps.filter((__, a) => batch.accountMembers[a] === m)).size);
    const share = (f: (n: number) => boolean) => appsOf.filter(f).length / appsOf.length;
    expect(share((n) => n >= 2 && n <= 6)).toBeGreaterThan(0.8);
    expect(share((n) => n === 1)).toBeGreaterThan(0);
    expect(share((n) => n > 6)).toBeGreaterThan(0);
  });

  it('gives a realistic share of scores from 1000 and a thin tail above 2500, and 88VIP only where the score opens it', () => {
    const share = (f: (s: number) => boolean) => batch.loyaltyScores.filter(f).length / batch.loyaltyScores.length;
    expect(share((s) => s >= 1000)).toBeGreaterThan(0.15);
    expect(share((s) => s >= 1000)).toBeLessThan(0.45);
    expect(share((s) => s > 2500)).toBeGreaterThan(0);
    expect(share((s) => s > 2500)).toBeLessThan(0.03);
    batch.vip88.forEach((vip, m) => vip && expect(batch.loyaltyScores[m]).toBeGreaterThanOrEqual(1000));
    batch.apass.forEach((apass, m) => apass && expect(batch.loyaltyScores[m]).toBeGreaterThan(2500));
  });

  it('generates about 1,400 brands, about 23 % of them luxury, and items with their catalog category', () => {
    expect(brands).toHaveLength(1_400);
    expect(new Set(brands.map((b) => b.id)).size).toBe(1_400);
    const luxury = brands.filter((b) => b.luxury).length / brands.length;
    expect(luxury).toBeGreaterThan(0.19);
    expect(luxury).toBeLessThan(0.27);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const itemById = new Map(items.map((i) => [i.id, i]));
    batch.itemIds.forEach((id, e) => {
      expect(itemById.get(id)?.app).toBe(batch.apps[batch.itemEventAccounts[e]]);
      expect(batch.itemCategories[e]).toBe(itemById.get(id)!.category);
    });
  });

  it('writes one line of ground truth per account, naming its person and its noise', () => {
    expect(batch.truth).toHaveLength(batch.accountIds.length);
    const noisy = batch.truth.filter((line) => line.split('\t')[3] !== '');
    expect(noisy.length).toBeGreaterThan(0);
    expect(noisy.length).toBeLessThan(batch.truth.length / 2);
    // A household's device is one identifier shared by different members.
    const devices = new Map<string, Set<number>>();
    batch.kinds.forEach((kinds, a) => kinds.forEach((k, i) => k === 'DEVICE_ID' && devices.set(batch.hashes[a][i], (devices.get(batch.hashes[a][i]) ?? new Set()).add(batch.accountMembers[a]))));
    expect([...devices.values()].some((members) => members.size > 1)).toBe(true);
  });
});
