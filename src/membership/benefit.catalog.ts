import { BenefitDefinition } from './benefit.rules';

type Seed = Omit<BenefitDefinition, 'validFrom' | 'validTo' | 'brandId' | 'participatingBrands'> &
  Partial<Pick<BenefitDefinition, 'brandId' | 'participatingBrands'>> & { validFrom?: string; validTo?: string };

/** The benefit catalog of domain.md, seeded at start-up (MERGE on id, so edits here update the graph). */
const SEEDS: Seed[] = [
  { id: 'vip88-brand-discount', name: '95% price at participating brands', program: '88VIP', scenario: 'shop', app: 'TMALL', participatingBrands: true, value: 5, valueUnit: 'PERCENT_OFF', usageLimit: null, period: null },
  { id: 'vip88-eleme-red-envelope', name: 'ELEME red envelope, 5 RMB', program: '88VIP', scenario: 'eat', app: 'ELEME', value: 5, valueUnit: 'RMB', usageLimit: 4, period: 'MONTH' },
  { id: 'vip88-youku-vip', name: 'YOUKU VIP membership', program: '88VIP', scenario: 'watch', app: 'YOUKU', value: 12, valueUnit: 'MONTHS', usageLimit: 1, period: 'YEAR' },
  { id: 'vip88-taopiaopiao-ticket', name: 'Discounted cinema ticket', program: '88VIP', scenario: 'play', app: 'TAOPIAOPIAO', value: 15, valueUnit: 'RMB', usageLimit: 2, period: 'MONTH' },
  { id: 'vip88-netease-music', name: 'NetEase Cloud Music membership', program: '88VIP', scenario: 'listen', app: 'NETEASE_MUSIC', value: 12, valueUnit: 'MONTHS', usageLimit: 1, period: 'YEAR' },
  { id: 'vip88-health-checkup', name: 'Health checkup', program: '88VIP', scenario: 'health', app: 'ALIHEALTH', value: 1, valueUnit: 'CHECKUP', usageLimit: 1, period: 'YEAR' },
  { id: 'vip88-fliggy-hotel', name: 'Hotel room upgrade', program: '88VIP', scenario: 'travel', app: 'FLIGGY', value: 1, valueUnit: 'UPGRADE', usageLimit: 2, period: 'YEAR' },
  { id: 'vip88-amap-ride', name: 'Ride-hailing coupon', program: '88VIP', scenario: 'travel', app: 'AMAP', value: 10, valueUnit: 'RMB', usageLimit: 2, period: 'MONTH' },
  { id: 'vip88-alipay-credit', name: 'Credit card repayment fee waiver', program: '88VIP', scenario: 'finance', app: 'ALIPAY', value: 1, valueUnit: 'WAIVER', usageLimit: 12, period: 'YEAR' },
  { id: 'vip88-cainiao-delivery', name: 'Free doorstep delivery', program: '88VIP', scenario: 'home', app: 'CAINIAO', value: 1, valueUnit: 'DELIVERY', usageLimit: 10, period: 'MONTH' },
  { id: 'vip88-koubei-dining', name: 'Restaurant discount', program: '88VIP', scenario: 'eat', app: 'KOUBEI', value: 10, valueUnit: 'PERCENT_OFF', usageLimit: 4, period: 'MONTH' },
  { id: 'vip88-folding-phone', name: 'Members-only 16,999 RMB folding phone', program: '88VIP', scenario: 'shop', app: 'TMALL', value: 16999, valueUnit: 'RMB_PRICE', usageLimit: 1, period: 'ONCE', validFrom: '2019-11-01' },
  { id: 'vip88-lancome-gift', name: "Lancôme members' gift set", program: '88VIP', scenario: 'shop', app: 'TMALL', brandId: 'brand-lancome', value: 1, valueUnit: 'GIFT', usageLimit: 1, period: 'YEAR' },
  { id: 'apass-prada-private-show', name: 'Prada private show', program: 'APASS', scenario: 'play', app: 'TMALL', brandId: 'brand-prada', value: null, valueUnit: null, usageLimit: 1, period: 'YEAR' },
  { id: 'apass-private-event', name: 'Private brand event', program: 'APASS', scenario: 'play', app: 'TMALL', value: null, valueUnit: null, usageLimit: 4, period: 'YEAR' },
  { id: 'apass-personal-service', name: 'Personal shopping service', program: 'APASS', scenario: 'shop', app: 'TAOBAO', value: null, valueUnit: null, usageLimit: null, period: null },
  { id: 'apass-luxury-trip', name: 'Trip paid by a luxury brand', program: 'APASS', scenario: 'travel', app: 'FLIGGY', value: null, valueUnit: null, usageLimit: 1, period: 'YEAR' },
];

export const BENEFIT_SEEDS = SEEDS.map((seed) => ({
  brandId: null,
  participatingBrands: false,
  ...seed,
  validFrom: seed.validFrom ?? null,
  validTo: seed.validTo ?? null,
}));
