import { ago, CatalogItem, describeEvent, ECOSYSTEM_REASON, Evidence, HistoryEvent, jaccardTopK, rank, REGION_FIT, regionFit, signalStrength } from '../../src/recommendation/ranking.rules';
import { loadRecommendationSeeds, signalProblem } from '../../src/recommendation/catalog.seed';

const NOW = new Date('2026-06-15T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const item = (id: string, app: string, category: string, extra: Partial<CatalogItem> = {}): CatalogItem => ({
  id, title: id, app, category, brandId: null, price: 10, popularity: 0, discountPrograms: [], regions: [], ...extra,
});
const event = (app: string, type: string, category: string | null, days: number, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({
  app, type, category, label: null, detail: null, at: daysAgo(days), itemId: null, itemTitle: null, region: null, ...extra,
});
const empty: Evidence = { history: [], owned: [], collaborative: [], signals: [], popular: [], programs: [] };
const flightSignal = (items: CatalogItem[]) => ({ fromApp: 'FLIGGY', fromCategory: 'flight.international', toCategory: 'sim.international', weight: 1, windowDays: 30, halfLifeDays: 7, items });
const options = { app: 'TAOBAO', now: NOW, first: 10, discountBoost: 0.15 };

describe('signal strength', () => {
  it('halves every half-life and is zero past the window', () => {
    const s = { weight: 1, windowDays: 30, halfLifeDays: 7 };
    expect(signalStrength(s, event('FLIGGY', 'BOOKING', 'flight.international', 0), NOW)).toBeCloseTo(1);
    expect(signalStrength(s, event('FLIGGY', 'BOOKING', 'flight.international', 7), NOW)).toBeCloseTo(0.5);
    expect(signalStrength(s, event('FLIGGY', 'BOOKING', 'flight.international', 14), NOW)).toBeCloseTo(0.25);
    expect(signalStrength(s, event('FLIGGY', 'BOOKING', 'flight.international', 31), NOW)).toBe(0);
    expect(signalStrength(s, event('FLIGGY', 'VIEW', 'flight.international', 0), NOW)).toBeCloseTo(0.3);
    expect(signalStrength(s, event('FLIGGY', 'EXPOSURE', 'flight.international', 0), NOW)).toBe(0);
  });
});

describe('reasons', () => {
  it('name the evidence a person can read', () => {
    const booking = event('FLIGGY', 'BOOKING', 'flight.international', 2, { label: 'an international flight', detail: 'Amsterdam' });
    expect(describeEvent(booking, NOW)).toBe('booked an international flight to Amsterdam on FLIGGY 2 days ago');
    const film = event('YOUKU', 'PLAY', 'film', 1, { label: 'a film', itemTitle: 'Hi, Mom' });
    expect(describeEvent(film, NOW)).toBe('watched a film (Hi, Mom) on YOUKU yesterday');
    expect(ago(daysAgo(0.2), NOW)).toBe('today');
    expect(ago(daysAgo(95), NOW)).toBe('3 months ago');
  });
});

describe('region of a trip', () => {
  it('fits an item for the destination fully, one for anywhere less, one for elsewhere little, and anything when the event points nowhere', () => {
    const europe = { regions: ['europe'] };
    expect(regionFit(europe, { region: 'europe' })).toBe(REGION_FIT.same);
    expect(regionFit({ regions: [] }, { region: 'europe' })).toBe(REGION_FIT.anywhere);
    expect(regionFit({ regions: ['asia'] }, { region: 'europe' })).toBe(REGION_FIT.elsewhere);
    expect(regionFit(europe, { region: null })).toBe(1);
    expect(REGION_FIT.same).toBeGreaterThan(REGION_FIT.anywhere);
    expect(REGION_FIT.anywhere).toBeGreaterThan(REGION_FIT.elsewhere);
  });

  it('ranks the destination\'s items above another region\'s after a flight to Amsterdam, and each trip\'s own region after two trips', () => {
    // The catalog's own items, so a change of their regions shows here.
    const catalog = loadRecommendationSeeds().items.filter((i) => ['sim.international', 'wifi.portable'].includes(i.category));
    const items = catalog.map((i) => item(i.id, i.app, i.category, { regions: i.regions ?? [] }));
    const signals = [flightSignal(items.filter((i) => i.category === 'sim.international')), { ...flightSignal(items.filter((i) => i.category === 'wifi.portable')), toCategory: 'wifi.portable' }];
    const amsterdam = event('FLIGGY', 'BOOKING', 'flight.international', 2, { label: 'an international flight', detail: 'Amsterdam', region: 'europe' });
    const ranked = rank({ ...empty, history: [amsterdam], signals }, options);
    const position = (id: string) => ranked.findIndex((r) => r.item.id === id);
    for (const europe of ['taobao-sim-europe-10d', 'taobao-wifi-europe']) {
      for (const asia of ['taobao-sim-japan-8d', 'taobao-wifi-asia']) expect(position(europe)).toBeLessThan(position(asia));
      expect(position(europe)).toBeLessThan(position('taobao-esim-global-15d'));
    }
    expect(position('taobao-esim-global-15d')).toBeLessThan(position('taobao-sim-japan-8d'));
    expect(ranked[0].reason).toBe('booked an international flight to Amsterdam on FLIGGY 2 days ago');
    // A flight to Tokyo yesterday beside it: the Asia items follow the Tokyo flight, the Europe items still the Amsterdam one.
    const tokyo = event('FLIGGY', 'BOOKING', 'flight.international', 1, { label: 'an international flight', detail: 'Tokyo', region: 'asia' });
    const both = rank({ ...empty, history: [tokyo, amsterdam], signals }, options);
    expect(both.find((r) => r.item.id === 'taobao-sim-japan-8d')!.reason).toContain('Tokyo');
    expect(both.find((r) => r.item.id === 'taobao-sim-europe-10d')!.reason).toContain('Amsterdam');
    // A flight that points nowhere known ranks as before: every item of the category alike.
    const somewhere = rank({ ...empty, history: [event('FLIGGY', 'BOOKING', 'flight.international', 2)], signals: [signals[0]] }, options);
    expect(new Set(somewhere.map((r) => r.score)).size).toBe(1);
  });
});

describe('rank', () => {
  const sim = item('sim', 'TAOBAO', 'sim.international');
  const wifi = item('wifi', 'TAOBAO', 'wifi.portable');
  const tea = item('tea', 'TAOBAO', 'snacks', { popularity: 50 });

  it('puts a cross-app signal first and hides its evidence from the public reason', () => {
    const evidence: Evidence = {
      ...empty,
      history: [event('FLIGGY', 'BOOKING', 'flight.international', 1, { label: 'an international flight', detail: 'Tokyo' })],
      signals: [flightSignal([sim])],
      popular: [tea],
    };
    const [first, second] = rank(evidence, options);
    expect(first.item.id).toBe('sim');
    expect(first.reason).toBe('booked an international flight to Tokyo on FLIGGY yesterday');
    expect(first.publicReason).toBe(ECOSYSTEM_REASON);
    expect(first.signals).toEqual(['CROSS_APP']);
    expect(second.item.id).toBe('tea');
    expect(second.reason).toBe('popular on TAOBAO');
  });

  it('counts a subcategory under its source category, and only on the source app', () => {
    const signal = { fromApp: 'NETEASE_MUSIC', fromCategory: 'music', toCategory: 'sim.international', weight: 1, windowDays: 30, halfLifeDays: 10, items: [sim] };
    const hit = rank({ ...empty, history: [event('NETEASE_MUSIC', 'PLAY', 'music.pop', 1)], signals: [signal] }, options);
    expect(hit[0].signals).toEqual(['CROSS_APP']);
    const otherApp = rank({ ...empty, history: [event('YOUKU', 'PLAY', 'music.pop', 1)], signals: [signal] }, options);
    expect(otherApp).toEqual([]);
    const prefixOnly = rank({ ...empty, history: [event('NETEASE_MUSIC', 'PLAY', 'musicals', 1)], signals: [signal] }, options);
    expect(prefixOnly).toEqual([]);
  });

  it('leaves out what the member has, lists each item once, and keeps the strongest evidence', () => {
    const evidence: Evidence = {
      ...empty,
      history: [event('FLIGGY', 'VIEW', 'flight.international', 0), event('FLIGGY', 'BOOKING', 'flight.international', 3, { label: 'an international flight' })],
      owned: ['wifi'],
      signals: [flightSignal([sim, wifi]), { ...flightSignal([sim]), weight: 0.1 }],
      collaborative: [{ item: sim, viaId: 'x', viaTitle: 'X', viaApp: 'TMALL', similarity: 0.2 }],
      popular: [sim, wifi],
    };
    const ranked = rank(evidence, options);
    expect(ranked.map((r) => r.item.id)).toEqual(['sim']);
    expect(ranked[0].reason).toMatch(/^booked an international flight on FLIGGY 3 days ago/);
    expect(ranked[0].signals).toEqual(['CROSS_APP', 'COLLABORATIVE']);
  });

  it('drops a signal the member already answered: a SIM bought after the flight', () => {
    const flight = event('FLIGGY', 'BOOKING', 'flight.international', 5);
    const bought = event('TAOBAO', 'PURCHASE', 'sim.international', 3);
    expect(rank({ ...empty, history: [bought, flight], signals: [flightSignal([sim])] }, options)).toEqual([]);
    const before = event('TAOBAO', 'PURCHASE', 'sim.international', 8);
    expect(rank({ ...empty, history: [flight, before], signals: [flightSignal([sim])] }, options)[0].signals).toEqual(['CROSS_APP']);
  });

  it('names the most similar item for a collaborative recommendation; the public reason only when it is on the same app', () => {
    const evidence: Evidence = {
      ...empty,
      history: [event('TMALL', 'PURCHASE', 'beauty', 2)],
      collaborative: [
        { item: tea, viaId: 'a', viaTitle: 'Serum', viaApp: 'TMALL', similarity: 0.3 },
        { item: tea, viaId: 'b', viaTitle: 'Nuts', viaApp: 'TAOBAO', similarity: 0.1 },
        { item: wifi, viaId: 'b', viaTitle: 'Nuts', viaApp: 'TAOBAO', similarity: 0.05 },
      ],
    };
    const ranked = rank(evidence, options);
    expect(ranked[0].item.id).toBe('tea');
    expect(ranked[0].reason).toBe('members who bought Serum also bought this');
    expect(ranked[0].publicReason).toBe(ECOSYSTEM_REASON);
    expect(ranked[1].publicReason).toBe('members who bought Nuts also bought this');
  });

  it('boosts items whose brand the member’s active membership discounts', () => {
    const a = item('a', 'TAOBAO', 'sim.international', { discountPrograms: ['88VIP'] });
    const b = item('b', 'TAOBAO', 'sim.international');
    const evidence: Evidence = { ...empty, history: [event('FLIGGY', 'BOOKING', 'flight.international', 1)], signals: [flightSignal([b, a])], programs: ['88VIP'] };
    const ranked = rank(evidence, options);
    expect(ranked.map((r) => r.item.id)).toEqual(['a', 'b']);
    expect(ranked[0].score).toBeCloseTo(ranked[1].score * 1.15, 2);
    expect(ranked[0].signals).toContain('MEMBERSHIP_DISCOUNT');
    expect(ranked[0].publicReason).not.toMatch(/88VIP/);
    expect(rank({ ...evidence, programs: [] }, options)[0].signals).not.toContain('MEMBERSHIP_DISCOUNT');
  });

  it('with no evidence, gives popular items and says there is nothing to go on', () => {
    const ranked = rank({ ...empty, popular: [tea, sim] }, { ...options, first: 1 });
    expect(ranked).toHaveLength(1);
    expect(ranked[0].item.id).toBe('tea');
    expect(ranked[0].reason).toBe('popular on TAOBAO; there is no activity of yours to go on yet');
  });

  it('never offers items of another app', () => {
    const elsewhere = item('fx', 'ALIPAY', 'currency.exchange');
    expect(rank({ ...empty, history: [event('FLIGGY', 'BOOKING', 'flight.international', 1)], signals: [flightSignal([elsewhere])], popular: [elsewhere] }, options)).toEqual([]);
  });
});

describe('jaccardTopK (the Cypher fallback of GDS node similarity)', () => {
  it('divides shared members by all members of either item, keeps topK above the cutoff', () => {
    const rows = [
      { a: 'x', b: 'x', both: 4 }, { a: 'y', b: 'y', both: 5 }, { a: 'z', b: 'z', both: 2 },
      { a: 'x', b: 'y', both: 3 }, { a: 'y', b: 'x', both: 3 }, { a: 'x', b: 'z', both: 1 }, { a: 'z', b: 'x', both: 1 },
    ];
    const pairs = jaccardTopK(rows, 1, 0);
    expect(pairs).toEqual([
      { a: 'x', b: 'y', score: 3 / 6 },
      { a: 'y', b: 'x', score: 3 / 6 },
      { a: 'z', b: 'x', score: 1 / 5 },
    ]);
    expect(jaccardTopK(rows, 5, 0.3).map((p) => `${p.a}${p.b}`)).toEqual(['xy', 'yx']);
  });
});

describe('the seed files', () => {
  it('cover every app with items, and hold the issue’s signals', () => {
    const seeds = loadRecommendationSeeds();
    const apps = new Set(seeds.items.map((i) => i.app));
    for (const app of ['TAOBAO', 'TMALL', 'ALIPAY', 'ELEME', 'YOUKU', 'FLIGGY', 'AMAP', 'TAOPIAOPIAO', 'KOUBEI', 'ALIHEALTH', 'CAINIAO', 'NETEASE_MUSIC']) expect(apps).toContain(app);
    const said = seeds.signals.map((s) => `${s.fromApp}:${s.fromCategory}>${s.toApp}:${s.toCategory}`);
    for (const expected of [
      'FLIGGY:flight.international>TAOBAO:sim.international',
      'FLIGGY:flight.international>TAOBAO:wifi.portable',
      'FLIGGY:flight.international>TAOBAO:adapter.travel',
      'FLIGGY:flight.international>ALIPAY:currency.exchange',
      'YOUKU:film>TAOPIAOPIAO:ticket.cinema',
      'ALIHEALTH:checkup>TMALL:health.supplement',
      'NETEASE_MUSIC:music>TAOPIAOPIAO:ticket.concert',
    ]) expect(said).toContain(expected);
  });

  it('refuse a bad signal with the reason', () => {
    const good = { fromApp: 'YOUKU', fromCategory: 'film', toApp: 'TAOPIAOPIAO', toCategory: 'ticket.cinema', weight: 1, windowDays: 14, halfLifeDays: 5 };
    expect(signalProblem(good)).toBeNull();
    expect(signalProblem({ ...good, toApp: 'MYSPACE' })).toMatch(/unknown app/);
    expect(signalProblem({ ...good, weight: 11 })).toMatch(/weight/);
    expect(signalProblem({ ...good, windowDays: 1.5 })).toMatch(/windowDays/);
    expect(signalProblem({ ...good, fromCategory: 'Film' })).toMatch(/category/);
  });
});
