export interface BrandSeed {
  id: string;
  name: string;
  industry: string;
  /** Programs whose brand discount this brand honours. */
  participatesIn: string[];
}

/** Brands named in domain.md and a few more per industry; participation in the 88VIP discount is data. */
export const BRAND_SEEDS: BrandSeed[] = [
  { id: 'brand-prada', name: 'Prada', industry: 'luxury', participatesIn: ['88VIP'] },
  { id: 'brand-montblanc', name: 'Montblanc', industry: 'luxury', participatesIn: ['88VIP'] },
  { id: 'brand-guess', name: 'Guess', industry: 'apparel', participatesIn: ['88VIP'] },
  { id: 'brand-loreal', name: "L'Oréal", industry: 'beauty', participatesIn: ['88VIP'] },
  { id: 'brand-lancome', name: 'Lancôme', industry: 'beauty', participatesIn: ['88VIP'] },
  { id: 'brand-estee-lauder', name: 'Estée Lauder', industry: 'beauty', participatesIn: ['88VIP'] },
  { id: 'brand-shiseido', name: 'Shiseido', industry: 'beauty', participatesIn: [] },
  { id: 'brand-nike', name: 'Nike', industry: 'apparel', participatesIn: ['88VIP'] },
  { id: 'brand-uniqlo', name: 'Uniqlo', industry: 'apparel', participatesIn: [] },
  { id: 'brand-huawei', name: 'Huawei', industry: 'electronics', participatesIn: ['88VIP'] },
  { id: 'brand-xiaomi', name: 'Xiaomi', industry: 'electronics', participatesIn: [] },
  { id: 'brand-apple', name: 'Apple', industry: 'electronics', participatesIn: [] },
  { id: 'brand-three-squirrels', name: 'Three Squirrels', industry: 'food', participatesIn: ['88VIP'] },
  { id: 'brand-starbucks', name: 'Starbucks', industry: 'food', participatesIn: [] },
];
