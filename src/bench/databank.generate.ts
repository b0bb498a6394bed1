import { deriveTags } from '../analytics/tag.rules';
import { BRAND_SEEDS, BrandSeed } from '../catalog/brand.catalog';
import { Prng } from './prng';

/** The brand databank benchmark's world: members with accounts, a year of brand events, derived tags. */

const INDUSTRIES = ['beauty', 'apparel', 'electronics', 'food', 'luxury'];
/** Synthetic brands per industry added to the seeded catalog, so each industry's leaderboard ranks about twenty. */
const EXTRA_BRANDS_PER_INDUSTRY = 16;
const CITIES = ['Shanghai', 'Beijing', 'Hangzhou', 'Shenzhen', 'Guangzhou', 'Chengdu', 'Wuhan', 'Nanjing', "Xi'an", 'Chongqing', 'Suzhou', 'Tianjin', 'Changsha', 'Zhengzhou', 'Qingdao', 'Xiamen', 'Kunming', 'Dalian', 'Ningbo', 'Hefei', 'Fuzhou', 'Harbin', 'Shenyang', 'Lhasa'];
/** App and the chance a member has an account there. */
const APP_CHANCES: [string, number][] = [['TAOBAO', 0.8], ['TMALL', 0.55], ['ALIPAY', 0.5], ['ELEME', 0.35], ['YOUKU', 0.25], ['AMAP', 0.15], ['FLIGGY', 0.08], ['TAOPIAOPIAO', 0.06]];
const SHOP_APPS = new Set(['TAOBAO', 'TMALL']);
/** Event kinds and their weights: most touches are exposures and views; purchases a tenth. */
const EVENT_WEIGHTS: [string, number][] = [['EXPOSURE', 30], ['VIEW', 24], ['CLICK', 12], ['SEARCH', 5], ['FAVORITE', 4], ['ADD_TO_CART', 6], ['FOLLOW', 3], ['PURCHASE', 9], ['JOIN_BRAND', 2], ['REVIEW', 2.5], ['SHARE', 2], ['REFERRAL', 0.5]];
const SHOP_ONLY = new Set(['ADD_TO_CART', 'PURCHASE', 'JOIN_BRAND']);
const DAY = 86_400_000;

export function benchBrands(): BrandSeed[] {
  const extra = INDUSTRIES.flatMap((industry) =>
    Array.from({ length: EXTRA_BRANDS_PER_INDUSTRY }, (_, k) => ({
      id: `bench-${industry}-${k}`,
      name: `${industry[0].toUpperCase()}${industry.slice(1)} Brand ${String(k).padStart(2, '0')}`,
      industry,
      luxury: industry === 'luxury',
      participatesIn: k % 2 ? ['88VIP'] : [],
      stores: k % 3 ? [{ app: 'TMALL' }, { app: 'TAOBAO' }] : [{ app: 'TMALL' }],
    })),
  );
  return [...BRAND_SEEDS, ...extra];
}

export interface DatabankBatch {
  memberIds: string[];
  memberNames: string[];
  vip88: boolean[];
  accountIds: string[];
  accountMembers: number[];
  apps: string[];
  externalIds: string[];
  birthDates: string[];
  cities: string[];
  eventAccounts: number[];
  eventKeys: string[];
  eventTypes: string[];
  eventAts: number[];
  eventBrands: string[];
  eventAmounts: (number | null)[];
  eventRatings: (number | null)[];
  /** SHARE and REFERRAL: the account (index) it was passed on to, on the same app; -1 for none. */
  eventTargets: number[];
  tagMembers: number[];
  tagNames: string[];
}

function weighted<T>(rng: Prng, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [item, w] of items) if ((x -= w) < 0) return item;
  return items[items.length - 1][0];
}

/** Members of a batch fall in circles of this many, among whom most shares travel. */
const CIRCLE = 25;

/** The account on `app` of an earlier member of the batch a share goes to: 80 % within the sharer's circle; -1 for none. */
function shareTarget(rng: Prng, accountsOf: Map<string, number>[], member: number, app: string): number {
  const circleStart = member - (member % CIRCLE);
  const low = rng.chance(0.8) ? circleStart : 0;
  if (member <= low) return -1;
  return accountsOf[rng.int(low, member - 1)].get(app) ?? -1;
}

/**
 * Members `from` to `from + count - 1` of a seeded world whose year of events ends at `end`: 1 to 4 accounts each
 * (apps by the chances above, at least one), a birth date and a city, 10 % with 88VIP, `eventsPerMember` events on
 * average (70 % about the member's three favourite brands), and the tags the derivation would give them.
 */
export function databankBatch(seed: string, from: number, count: number, eventsPerMember: number, end: number, brands: BrandSeed[]): DatabankBatch {
  const b: DatabankBatch = {
    memberIds: [], memberNames: [], vip88: [], accountIds: [], accountMembers: [], apps: [], externalIds: [], birthDates: [], cities: [],
    eventAccounts: [], eventKeys: [], eventTypes: [], eventAts: [], eventBrands: [], eventAmounts: [], eventRatings: [], eventTargets: [], tagMembers: [], tagNames: [],
  };
  const luxury = new Map(brands.map((x) => [x.id, x.luxury]));
  // Accounts by app of each member of the batch so far: shares go to earlier members, mostly of the same circle.
  const accountsOf: Map<string, number>[] = [];
  const now = new Date(end);
  for (let i = 0; i < count; i++) {
    const n = from + i;
    const rng = new Prng(`${seed}:${n}`);
    const memberIdx = b.memberIds.length;
    const memberId = `dbk-${String(n).padStart(8, '0')}`;
    b.memberIds.push(memberId);
    b.memberNames.push(`Member ${n}`);
    const vip = rng.chance(0.1);
    b.vip88.push(vip);
    let apps = APP_CHANCES.filter(([, p]) => rng.chance(p)).map(([app]) => app).slice(0, 4);
    if (!apps.length) apps = ['TAOBAO'];
    const birthDate = `${rng.int(1950, 2007)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    const city = CITIES[Math.min(CITIES.length - 1, Math.floor(CITIES.length * rng.next() ** 1.6))];
    const accountIdx = apps.map((app) => {
      b.accountIds.push(`${memberId}-${app}`);
      b.accountMembers.push(memberIdx);
      b.apps.push(app);
      b.externalIds.push(`${app.toLowerCase()}-${n}`);
      b.birthDates.push(birthDate);
      b.cities.push(city);
      return b.accountIds.length - 1;
    });
    accountsOf.push(new Map(apps.map((app, k) => [app, accountIdx[k]])));
    // Its own stream, so adding share targets left every other generated value as it was.
    const social = new Prng(`${seed}:${n}:to`);
    const favourites = [0, 1, 2].map(() => brands[Math.floor(brands.length * rng.next() ** 2)].id);
    const events = rng.int(Math.floor(eventsPerMember / 2), Math.ceil((eventsPerMember * 3) / 2));
    const purchases: { at: Date; amount: number; luxury: boolean }[] = [];
    for (let k = 0; k < events; k++) {
      const a = rng.int(0, apps.length - 1);
      let type = weighted(rng, EVENT_WEIGHTS);
      if (SHOP_ONLY.has(type) && !SHOP_APPS.has(apps[a])) type = 'VIEW';
      const brandId = rng.chance(0.7) ? favourites[rng.int(0, 2)] : brands[rng.int(0, brands.length - 1)].id;
      const at = end - Math.floor(rng.next() * 365 * DAY);
      const amount = type === 'PURCHASE' ? Math.round(20 * Math.exp(rng.next() * 4) * (luxury.get(brandId) ? 10 : 1)) : null;
      b.eventAccounts.push(accountIdx[a]);
      b.eventKeys.push(`dbk-e-${n}-${k}`);
      b.eventTypes.push(type);
      b.eventAts.push(at);
      b.eventBrands.push(brandId);
      b.eventAmounts.push(amount);
      b.eventRatings.push(type === 'REVIEW' ? rng.int(1, 5) : null);
      b.eventTargets.push(type === 'SHARE' || type === 'REFERRAL' ? shareTarget(social, accountsOf, memberIdx, apps[a]) : -1);
      if (amount !== null) purchases.push({ at: new Date(at), amount, luxury: luxury.get(brandId) ?? false });
    }
    const tags = deriveTags({ apps, cities: apps.map(() => city), birthDates: apps.map(() => birthDate), vip88Until: vip ? new Date(end + 265 * DAY) : null, purchases }, now);
    for (const tag of tags) {
      b.tagMembers.push(memberIdx);
      b.tagNames.push(tag);
    }
  }
  return b;
}
