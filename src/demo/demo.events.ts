import { Prng } from '../bench/prng';
import { EventInput, EventType } from '../recommendation/event.input';
import { DemoPerson } from './demo.data';

/** An item of the catalog a demo person buys (data/recommendation/catalog.json), with its app and price. */
interface Buy {
  itemId: string;
  app: string;
  price: number;
  brandId?: string;
  /** How many times over the year (a repurchase is what the REPURCHASE leaderboard and AIPL loyalty count). */
  times: number;
}

const buy = (itemId: string, app: string, price: number, times = 1, brandId?: string): Buy => ({ itemId, app, price, times, brandId });

/**
 * What each demo person buys, books, plays or has over the year. Chosen so that every feature has something to show:
 * Nike and the beauty brands have whole AIPL funnels and repurchases, Hangzhou's 88VIP members are not price-sensitive
 * while Zhao Lei and Chen Jing are, Wang Fang, Huang Ying and Sun Li buy luxury, and many buy the Nike running shoes
 * with a power bank or a T-shirt (the collaborative signal).
 */
const BASKETS: Record<string, Buy[]> = {
  'demo-member-01': [
    buy('taobao-nike-running', 'TAOBAO', 599, 2, 'brand-nike'),
    buy('taobao-xiaomi-powerbank', 'TAOBAO', 129, 1, 'brand-xiaomi'),
    buy('taobao-huawei-earbuds', 'TAOBAO', 699, 1, 'brand-huawei'),
    buy('youku-film-wandering-earth', 'YOUKU', 6),
  ],
  'demo-member-02': [
    buy('tmall-prada-bag', 'TMALL', 16500, 1, 'brand-prada'),
    buy('tmall-lancome-serum', 'TMALL', 1080, 3, 'brand-lancome'),
    buy('taobao-nike-running', 'TAOBAO', 599, 1, 'brand-nike'),
    buy('taobao-uniqlo-tee', 'TAOBAO', 79, 1, 'brand-uniqlo'),
    buy('fliggy-hotel-sanya', 'FLIGGY', 3300),
    buy('netease-album-pop', 'NETEASE_MUSIC', 15),
  ],
  'demo-member-03': [
    buy('taobao-nike-running', 'TAOBAO', 599, 1, 'brand-nike'),
    buy('taobao-xiaomi-powerbank', 'TAOBAO', 129, 1, 'brand-xiaomi'),
    buy('tpp-cinema-imax', 'TAOPIAOPIAO', 75, 2),
  ],
  'demo-member-04': [
    buy('taobao-nike-running', 'TAOBAO', 599, 1, 'brand-nike'),
    buy('taobao-uniqlo-tee', 'TAOBAO', 79, 2, 'brand-uniqlo'),
    buy('youku-series-long-night', 'YOUKU', 0),
  ],
  'demo-member-05': [
    buy('taobao-three-squirrels-nuts', 'TAOBAO', 89, 4, 'brand-three-squirrels'),
    buy('taobao-uniqlo-tee', 'TAOBAO', 79, 2, 'brand-uniqlo'),
  ],
  'demo-member-06': [
    buy('tmall-loreal-cream', 'TMALL', 299, 3, 'brand-loreal'),
    buy('tmall-vitamin-c', 'TMALL', 119, 2),
    buy('alihealth-checkup-basic', 'ALIHEALTH', 499),
  ],
  'demo-member-07': [
    buy('youku-film-hi-mom', 'YOUKU', 6),
    buy('netease-album-rock', 'NETEASE_MUSIC', 15),
  ],
  'demo-member-08': [
    buy('tmall-montblanc-pen', 'TMALL', 4100, 1, 'brand-montblanc'),
    buy('tmall-estee-lauder-night', 'TMALL', 950, 2, 'brand-estee-lauder'),
    buy('tmall-loreal-cream', 'TMALL', 299, 2, 'brand-loreal'),
    buy('taobao-nike-running', 'TAOBAO', 599, 1, 'brand-nike'),
    buy('fliggy-flight-pek-nrt', 'FLIGGY', 2100),
  ],
  'demo-member-09': [
    buy('taobao-nike-running', 'TAOBAO', 599, 1, 'brand-nike'),
    buy('taobao-xiaomi-powerbank', 'TAOBAO', 129, 2, 'brand-xiaomi'),
  ],
  'demo-member-10': [
    buy('taobao-uniqlo-tee', 'TAOBAO', 79, 1, 'brand-uniqlo'),
    buy('tpp-concert-pop', 'TAOPIAOPIAO', 480),
    buy('youku-film-detective-chinatown', 'YOUKU', 6),
  ],
  'demo-member-12': [
    buy('tmall-lancome-serum', 'TMALL', 1080, 2, 'brand-lancome'),
    buy('tmall-nike-jacket', 'TMALL', 699, 1, 'brand-nike'),
    buy('tmall-huawei-watch', 'TMALL', 1299, 1, 'brand-huawei'),
    buy('alihealth-checkup-premium', 'ALIHEALTH', 1299),
  ],
  'demo-member-13': [
    buy('taobao-nike-running', 'TAOBAO', 599, 1, 'brand-nike'),
    buy('taobao-huawei-earbuds', 'TAOBAO', 699, 1, 'brand-huawei'),
  ],
  'demo-member-14': [buy('taobao-three-squirrels-nuts', 'TAOBAO', 89, 2, 'brand-three-squirrels')],
  'demo-member-15': [buy('tmall-vitamin-c', 'TMALL', 119, 1), buy('youku-film-hi-mom', 'YOUKU', 6)],
};

/** How each app reports having an item. */
const HAVING: Record<string, EventType> = {
  TAOBAO: EventType.PURCHASE,
  TMALL: EventType.PURCHASE,
  FLIGGY: EventType.BOOKING,
  TAOPIAOPIAO: EventType.BOOKING,
  YOUKU: EventType.PLAY,
  NETEASE_MUSIC: EventType.PLAY,
  ALIHEALTH: EventType.CHECKUP,
};

/** Who passed Nike on to whom on TAOBAO (shares and referral links): the propagation of brand-nike. */
const PASSED_ON: [EventType, string, string][] = [
  [EventType.SHARE, 'tb_liwei90', 'tb_wangfang86'],
  [EventType.SHARE, 'tb_liwei90', 'tb_zhangmin'],
  [EventType.REFERRAL, 'tb_liwei90', 'tb_liuyang'],
  [EventType.SHARE, 'tb_liwei90', 'tb_machao'],
  [EventType.REFERRAL, 'tb_wangfang86', 'tb_huangying'],
  [EventType.SHARE, 'tb_wangfang86', 'tb_zhoutao'],
  [EventType.SHARE, 'tb_zhangmin', 'tb_wuna'],
  [EventType.REFERRAL, 'tb_chenjing', 'tb_gaoyan'],
];

const DAY_MS = 86_400_000;

/**
 * A year of events of the demo people up to `now`, the same for every load on one day (the times are counted from
 * the start of its UTC day, so reloading stores nothing twice: an event's key hashes what it says). Per item bought:
 * an exposure, a view and, often, a click or a favourite before each purchase, and for shop items a good review or a
 * brand membership after a repurchase. Plus the brand's shares and referrals, and Li Wei's flight to Amsterdam on
 * FLIGGY two days ago, which makes TAOBAO offer him Europe SIM cards and wifi (domain.md's cross-app example).
 */
export function demoEvents(people: readonly DemoPerson[], now: Date): EventInput[] {
  const day = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const at = (daysAgo: number, hour: number): Date => new Date(day - daysAgo * DAY_MS + hour * 3_600_000);
  const events: EventInput[] = [];
  const accountOn = (person: DemoPerson, app: string) => person.accounts.find((a) => a.app === app);
  for (const person of people) {
    const prng = new Prng(person.id);
    for (const item of BASKETS[person.id] ?? []) {
      const account = accountOn(person, item.app);
      if (!account) continue;
      const ref = { app: item.app, externalId: account.externalId };
      const type = HAVING[item.app];
      for (let n = 0; n < item.times; n++) {
        // Spread over the year, newest at least a week ago (the flight two days ago stays the freshest signal).
        const ago = 8 + Math.floor(((n + prng.next()) / item.times) * 340);
        const about = { itemId: item.itemId, ...(item.brandId ? { brandId: item.brandId } : {}) };
        events.push({ ref, type: EventType.EXPOSURE, at: at(ago + 3, 9), ...about } as EventInput);
        events.push({ ref, type: EventType.VIEW, at: at(ago + 2, 20), ...about } as EventInput);
        if (prng.chance(0.6)) events.push({ ref, type: prng.chance(0.5) ? EventType.FAVORITE : EventType.CLICK, at: at(ago + 1, 21), ...about } as EventInput);
        if (item.price > 0 && (item.app === 'TAOBAO' || item.app === 'TMALL')) events.push({ ref, type: EventType.ADD_TO_CART, at: at(ago, 10), ...about } as EventInput);
        events.push({ ref, type, at: at(ago, 12), ...about, ...(type === EventType.PURCHASE || type === EventType.BOOKING ? { amount: item.price } : {}) } as EventInput);
      }
      if (item.times >= 2 && item.brandId) {
        events.push({ ref, type: EventType.REVIEW, rating: 5, at: at(6, 18), itemId: item.itemId, brandId: item.brandId } as EventInput);
        if (item.app === 'TMALL') events.push({ ref, type: EventType.JOIN_BRAND, at: at(5, 18), brandId: item.brandId } as EventInput);
      }
    }
  }
  // Ads and views without a purchase: the top of the funnels, and a member only aware of a brand.
  for (const [i, person] of people.entries()) {
    const shop = accountOn(person, 'TAOBAO') ?? accountOn(person, 'TMALL');
    if (!shop) continue;
    const ref = { app: shop.app, externalId: shop.externalId };
    events.push({ ref, type: EventType.EXPOSURE, at: at(30 + i * 11, 8), brandId: 'brand-nike' } as EventInput);
    events.push({ ref, type: EventType.EXPOSURE, at: at(40 + i * 13, 8), brandId: 'brand-loreal' } as EventInput);
    if (i % 2 === 0) events.push({ ref, type: EventType.SEARCH, at: at(35 + i * 11, 21), brandId: 'brand-nike' } as EventInput);
  }
  for (const [k, [type, from, to]] of PASSED_ON.entries()) {
    events.push({ ref: { app: 'TAOBAO', externalId: from }, to: { app: 'TAOBAO', externalId: to }, type, at: at(20 + k * 9, 19), brandId: 'brand-nike' } as EventInput);
  }
  events.push({
    ref: { app: 'FLIGGY', externalId: 'fg-10001' },
    type: EventType.BOOKING,
    // At the start of the day two days ago: "2 days ago" whatever the hour the demo is loaded and read.
    at: at(2, 0),
    amount: 4200,
    itemId: 'fliggy-flight-pvg-ams',
    category: 'flight.international',
    detail: 'Amsterdam',
  } as EventInput);
  return events;
}
