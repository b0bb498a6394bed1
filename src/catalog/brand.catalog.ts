export interface StoreSeed {
  /** The app the store is on, e.g. TMALL. */
  app: string;
}

export interface BrandSeed {
  id: string;
  name: string;
  industry: string;
  /** A luxury brand: its purchases make a member a luxury buyer (tag `luxury-buyer`). */
  luxury: boolean;
  /** Programs whose brand discount this brand honours. */
  participatesIn: string[];
  /** The brand's stores, one per app; every metric of the brand databank reads per store and for the whole brand. */
  stores: StoreSeed[];
}

const on = (...apps: string[]): StoreSeed[] => apps.map((app) => ({ app }));

/** Brands named in domain.md and a few more per industry; participation in the 88VIP discount is data. */
export const BRAND_SEEDS: BrandSeed[] = [
  { id: 'brand-prada', name: 'Prada', industry: 'luxury', luxury: true, participatesIn: ['88VIP'], stores: on('TMALL') },
  { id: 'brand-montblanc', name: 'Montblanc', industry: 'luxury', luxury: true, participatesIn: ['88VIP'], stores: on('TMALL') },
  { id: 'brand-guess', name: 'Guess', industry: 'apparel', luxury: false, participatesIn: ['88VIP'], stores: on('TMALL', 'TAOBAO') },
  { id: 'brand-loreal', name: "L'Oréal", industry: 'beauty', luxury: false, participatesIn: ['88VIP'], stores: on('TMALL', 'TAOBAO') },
  { id: 'brand-lancome', name: 'Lancôme', industry: 'beauty', luxury: true, participatesIn: ['88VIP'], stores: on('TMALL') },
  { id: 'brand-estee-lauder', name: 'Estée Lauder', industry: 'beauty', luxury: true, participatesIn: ['88VIP'], stores: on('TMALL') },
  { id: 'brand-shiseido', name: 'Shiseido', industry: 'beauty', luxury: false, participatesIn: [], stores: on('TMALL', 'TAOBAO') },
  { id: 'brand-nike', name: 'Nike', industry: 'apparel', luxury: false, participatesIn: ['88VIP'], stores: on('TMALL', 'TAOBAO') },
  { id: 'brand-uniqlo', name: 'Uniqlo', industry: 'apparel', luxury: false, participatesIn: [], stores: on('TMALL', 'TAOBAO') },
  { id: 'brand-huawei', name: 'Huawei', industry: 'electronics', luxury: false, participatesIn: ['88VIP'], stores: on('TMALL', 'TAOBAO') },
  { id: 'brand-xiaomi', name: 'Xiaomi', industry: 'electronics', luxury: false, participatesIn: [], stores: on('TMALL', 'TAOBAO') },
  { id: 'brand-apple', name: 'Apple', industry: 'electronics', luxury: false, participatesIn: [], stores: on('TMALL') },
  { id: 'brand-three-squirrels', name: 'Three Squirrels', industry: 'food', luxury: false, participatesIn: ['88VIP'], stores: on('TMALL', 'TAOBAO', 'ELEME') },
  { id: 'brand-starbucks', name: 'Starbucks', industry: 'food', luxury: false, participatesIn: [], stores: on('TMALL', 'ELEME') },
];

/** A store's id: the brand's id and the app, so it is stable and readable (`brand-nike@TMALL`). */
export const storeId = (brandId: string, app: string): string => `${brandId}@${app}`;
