import { deriveTags } from '../analytics/tag.rules';
import { BRAND_SEEDS, BrandSeed } from '../catalog/brand.catalog';
import { hashIdentifier } from '../identity/identifier.hash';
import { IdentifierKind } from '../identity/identifier.kind';
import { maskIdentifier } from '../identity/identifier.mask';
import { nameInitials } from '../identity/matching.blocking';
import { ItemSeed } from '../recommendation/catalog.seed';
import { typo } from './people.generate';
import { DatabankBatch, databankBatch } from './databank.generate';
import { Prng } from './prng';

/**
 * The whole ecosystem for `npm run generate` and `npm run bench`: the brand databank's members, accounts, year of
 * brand events and tags (databank.generate.ts, one generator), grown into the ecosystem the issue describes: ~1,400
 * brands (~23 % luxury), most members on 2 to 6 apps, identifiers with noise, loyalty scores, 88VIP and APASS
 * memberships, and events about catalog items (purchases, bookings, plays, checkups, views, shares) that
 * recommendations read. Every member is seeded by its own number, so a batch never depends on the ones before it.
 */

export const ECOSYSTEM_BRANDS = 1_400;
const INDUSTRIES: [string, number][] = [['apparel', 20], ['beauty', 16], ['electronics', 12], ['food', 12], ['luxury', 10], ['home', 10], ['sports', 8], ['baby', 6], ['health', 6]];
/** Beauty and apparel brands that are luxury houses (Lancôme, Estée Lauder): with the luxury industry, about 23 %. */
const LUXURY_IN_FASHION = 0.36;
/** Share of brands honouring the 88VIP discount (388 of the reported 1,388). */
const VIP88_BRANDS = 0.28;

/** How many apps a member uses beyond the databank's draw: most members on 2 to 6, a few on one or seven and more. */
const APP_COUNTS: [number, number][] = [[1, 6], [2, 19], [3, 24], [4, 20], [5, 14], [6, 10], [7, 5], [8, 2]];
/** Apps a member adds to reach its count, by how widely they are used. */
const MORE_APPS: [string, number][] = [
  ['TAOBAO', 10], ['ALIPAY', 10], ['TMALL', 7], ['ELEME', 7], ['AMAP', 6], ['YOUKU', 6], ['CAINIAO', 5], ['KOUBEI', 3],
  ['FLIGGY', 3], ['TAOPIAOPIAO', 3], ['NETEASE_MUSIC', 3], ['ALIHEALTH', 2],
];
/** Apps whose accounts carry a device id, shared within a household. */
const DEVICE_APPS = new Set(['YOUKU', 'NETEASE_MUSIC', 'ELEME', 'AMAP', 'TAOPIAOPIAO', 'KOUBEI']);
/** What members do with the items of each app, and how often against a view or share. */
const ITEM_ACTIONS: Record<string, string> = {
  TAOBAO: 'PURCHASE', TMALL: 'PURCHASE', ALIPAY: 'PURCHASE', ELEME: 'PURCHASE', FLIGGY: 'BOOKING', TAOPIAOPIAO: 'BOOKING',
  YOUKU: 'PLAY', NETEASE_MUSIC: 'PLAY', ALIHEALTH: 'CHECKUP', AMAP: 'BOOKING', KOUBEI: 'VIEW', CAINIAO: 'VIEW',
};
/** Item variants per catalog item, so an app's top ten is not its whole catalog (as in bench:recommendations). */
export const ITEM_VARIANTS = 12;
const SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin', 'Gao', 'Luo'];
const GIVEN = ['Wei', 'Fang', 'Na', 'Min', 'Jing', 'Li', 'Qiang', 'Lei', 'Jun', 'Yang', 'Yong', 'Yan', 'Jie', 'Tao', 'Ming', 'Chao', 'Xiu Ying', 'Hui', 'Xia', 'Ping'];
const DAY = 86_400_000;

/** The seeded catalog's brands and generated ones up to `count`, by industry, ~23 % luxury; deterministic. */
export function ecosystemBrands(count = ECOSYSTEM_BRANDS): BrandSeed[] {
  const rng = new Prng('ecosystem-brands');
  const generated: BrandSeed[] = [];
  for (let k = 0; generated.length < count - BRAND_SEEDS.length; k++) {
    const industry = rng.weighted(INDUSTRIES.map(([i]) => i), INDUSTRIES.map(([, w]) => w));
    const luxury = industry === 'luxury' || ((industry === 'beauty' || industry === 'apparel') && rng.chance(LUXURY_IN_FASHION));
    const stores = [{ app: 'TMALL' }, ...(rng.chance(0.6) ? [{ app: 'TAOBAO' }] : []), ...(industry === 'food' && rng.chance(0.5) ? [{ app: 'ELEME' }] : [])];
    generated.push({
      id: `eco-brand-${String(k).padStart(4, '0')}`,
      name: `${industry[0].toUpperCase()}${industry.slice(1)} ${String(k).padStart(4, '0')}`,
      industry,
      luxury,
      participatesIn: rng.chance(VIP88_BRANDS) ? ['88VIP'] : [],
      stores,
    });
  }
  return [...BRAND_SEEDS, ...generated];
}

/** `ITEM_VARIANTS` variants of each catalog item (`<id>~<n>`), shop items given a brand of the ecosystem. */
export function ecosystemItems(catalog: ItemSeed[], brands: BrandSeed[]): ItemSeed[] {
  const rng = new Prng('ecosystem-items');
  return catalog.flatMap((item) =>
    Array.from({ length: ITEM_VARIANTS }, (_, v) => ({
      ...item,
      id: `${item.id}~${v}`,
      title: `${item.title} (${v})`,
      brandId: item.brandId ?? (item.app === 'TMALL' || item.app === 'TAOBAO' ? rng.pick(brands).id : null),
    })),
  );
}

/** The databank's columns and what the ecosystem adds to them; account and member indexes are within the batch. */
export interface EcosystemBatch extends DatabankBatch {
  loyaltyScores: number[];
  apass: boolean[];
  accountNames: string[];
  accountInitials: (string | null)[];
  hashes: string[][];
  kinds: string[][];
  masks: string[][];
  itemEventAccounts: number[];
  itemEventKeys: string[];
  itemEventTypes: string[];
  itemEventAts: number[];
  itemIds: string[];
  itemCategories: string[];
  /** Ground truth, one line per account: app, externalId, person (= member id), and the noise it carries. */
  truth: string[];
}

export interface EcosystemOptions {
  seed: string;
  /** Brand events per member on average (the databank's events). */
  eventsPerMember: number;
  /** Item events per member on average (purchases, bookings, plays, checkups, views, shares). */
  itemEventsPerMember: number;
  /** End of the generated year, epoch ms. */
  end: number;
  brands: BrandSeed[];
  items: ItemSeed[];
  hashKey: string;
}

/**
 * A loyalty score: log-normal around 700, higher with more apps used and more spent, so about a third of members
 * reach 1,000 (the 88VIP price threshold) and about one in a hundred passes 2,500 (the APASS invitation threshold).
 */
export function loyaltyScore(rng: Prng, apps: number, spend: number): number {
  const normal = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const mu = 6.3 + 0.07 * apps + 0.04 * Math.log1p(spend / 1000);
  return Math.max(0, Math.min(4_999, Math.round(Math.exp(mu + 0.5 * normal))));
}

const phoneOf = (rng: Prng): string => `+861${rng.pick(['3', '5', '7', '8', '9'])}${rng.digits(9)}`;

/** Members `from` to `from + count - 1` (databank ids `dbk-<n>`), grown into the ecosystem; see the file comment. */
export function ecosystemBatch(from: number, count: number, o: EcosystemOptions): EcosystemBatch {
  const base = databankBatch(o.seed, from, count, o.eventsPerMember, o.end, o.brands);
  const b: EcosystemBatch = {
    ...base,
    tagMembers: [], tagNames: [], loyaltyScores: [], apass: [], accountNames: [], accountInitials: [], hashes: [], kinds: [], masks: [],
    itemEventAccounts: [], itemEventKeys: [], itemEventTypes: [], itemEventAts: [], itemIds: [], itemCategories: [], truth: [],
  };
  const luxury = new Map(o.brands.map((x) => [x.id, x.luxury]));
  const itemsByApp = new Map<string, ItemSeed[]>();
  for (const item of o.items) itemsByApp.set(item.app, [...(itemsByApp.get(item.app) ?? []), item]);
  // The databank's accounts of each member, in order (it writes them member by member).
  const accountsOf: number[][] = base.memberIds.map(() => []);
  base.accountMembers.forEach((m, a) => accountsOf[m].push(a));
  const now = new Date(o.end);
  const purchasesOf: { at: Date; amount: number; luxury: boolean }[][] = base.memberIds.map(() => []);
  base.eventAmounts.forEach((amount, e) => {
    if (amount !== null) purchasesOf[base.accountMembers[base.eventAccounts[e]]].push({ at: new Date(base.eventAts[e]), amount, luxury: luxury.get(base.eventBrands[e]) ?? false });
  });
  const identifier = (a: number, kind: IdentifierKind, normalized: string): void => {
    b.hashes[a].push(hashIdentifier(o.hashKey, kind, normalized));
    b.kinds[a].push(kind);
    b.masks[a].push(maskIdentifier(kind, normalized));
  };

  for (let m = 0; m < base.memberIds.length; m++) {
    const n = from + m;
    const rng = new Prng(`${o.seed}:eco:${n}`);
    const memberId = base.memberIds[m];
    const name = `${rng.pick(SURNAMES)} ${rng.pick(GIVEN)}`;
    b.memberNames[m] = name;
    const apps = accountsOf[m].map((a) => base.apps[a]);
    const target = rng.weighted(APP_COUNTS.map(([c]) => c), APP_COUNTS.map(([, w]) => w));
    for (let tries = 0; apps.length < target && tries < 40; tries++) {
      const app = rng.weighted(MORE_APPS.map(([x]) => x), MORE_APPS.map(([, w]) => w));
      if (apps.includes(app)) continue;
      apps.push(app);
      b.accountIds.push(`${memberId}-${app}`);
      b.accountMembers.push(m);
      b.apps.push(app);
      b.externalIds.push(`${app.toLowerCase()}-${n}`);
      b.birthDates.push(base.birthDates[accountsOf[m][0]]);
      b.cities.push(base.cities[accountsOf[m][0]]);
      accountsOf[m].push(b.accountIds.length - 1);
    }
    // Noise: a second account on the member's main app (an old or a shop's account), one in twenty members.
    if (rng.chance(0.05)) {
      const app = apps[0];
      b.accountIds.push(`${memberId}-${app}-2`);
      b.accountMembers.push(m);
      b.apps.push(app);
      b.externalIds.push(`${app.toLowerCase()}-${n}-2`);
      b.birthDates.push(base.birthDates[accountsOf[m][0]]);
      b.cities.push(base.cities[accountsOf[m][0]]);
      accountsOf[m].push(b.accountIds.length - 1);
    }

    // Identifiers: the member's phone on most accounts, an old phone on some, an email and a payment id where
    // the app collects them, and a household's device (shared by up to three neighbouring members) on media apps.
    const phone = phoneOf(rng);
    const email = `${name.toLowerCase().replace(/ /g, '.')}.${n}@example.com`;
    const household = `dev-${o.seed}-${Math.floor(n / 3)}`;
    for (const a of accountsOf[m]) {
      b.hashes[a] = [];
      b.kinds[a] = [];
      b.masks[a] = [];
      const noise: string[] = [];
      const app = b.apps[a];
      if (rng.chance(0.1)) {
        identifier(a, IdentifierKind.PHONE, phoneOf(rng));
        noise.push('other-phone');
      } else if (rng.chance(0.9)) identifier(a, IdentifierKind.PHONE, phone);
      if ((app === 'TAOBAO' || app === 'TMALL' || app === 'NETEASE_MUSIC') && rng.chance(0.4)) identifier(a, IdentifierKind.EMAIL, email);
      if (app === 'ALIPAY') identifier(a, IdentifierKind.PAYMENT_ID, `2088${String(n).padStart(12, '0')}`);
      if (DEVICE_APPS.has(app) && rng.chance(0.3)) {
        identifier(a, IdentifierKind.DEVICE_ID, household);
        noise.push('household-device');
      }
      let display = name;
      if (rng.chance(0.08)) {
        display = typo(rng, name);
        noise.push('name-typo');
      } else if (rng.chance(0.15)) display = name.toLowerCase();
      b.accountNames[a] = display;
      b.accountInitials[a] = nameInitials(display);
      b.truth.push(`${app}\t${b.externalIds[a]}\t${memberId}\t${noise.join(',')}`);
    }

    // Events about items: what the member does on its apps that have a catalog.
    const withItems = accountsOf[m].filter((a) => itemsByApp.has(b.apps[a]));
    const itemEvents = withItems.length ? rng.int(Math.floor(o.itemEventsPerMember / 2), Math.ceil((o.itemEventsPerMember * 3) / 2)) : 0;
    for (let k = 0; k < itemEvents; k++) {
      const a = rng.pick(withItems);
      const candidates = itemsByApp.get(b.apps[a])!;
      const item = candidates[Math.floor(candidates.length * rng.next() ** 2)];
      const roll = rng.next();
      b.itemEventAccounts.push(a);
      b.itemEventKeys.push(`eco-i-${n}-${k}`);
      b.itemEventTypes.push(roll < 0.55 ? ITEM_ACTIONS[b.apps[a]] : roll < 0.9 ? 'VIEW' : 'SHARE');
      b.itemEventAts.push(o.end - Math.floor(rng.next() * 365 * DAY));
      b.itemIds.push(item.id);
      b.itemCategories.push(item.category);
    }

    // Loyalty score from the member's breadth and spend; memberships follow it.
    const purchases = purchasesOf[m];
    const spend = purchases.reduce((s, p) => s + p.amount, 0);
    const score = loyaltyScore(rng, apps.length, spend);
    b.loyaltyScores[m] = score;
    // 88VIP at its 88 RMB price, which the score opens (the databank's loader writes that price).
    b.vip88[m] = score >= 1000 && rng.chance(0.35);
    b.apass[m] = score > 2500 && rng.chance(0.25);
    const tags = deriveTags({ apps, cities: apps.map(() => base.cities[accountsOf[m][0]]), birthDates: apps.map(() => base.birthDates[accountsOf[m][0]]), vip88Until: b.vip88[m] ? new Date(o.end + 265 * DAY) : null, purchases }, now);
    for (const tag of tags) {
      b.tagMembers.push(m);
      b.tagNames.push(tag);
    }
  }
  return b;
}
