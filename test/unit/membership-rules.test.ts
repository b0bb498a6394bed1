import { loadConfig } from '../../src/app/config';
import { benefitEligibility, BenefitDefinition, periodStart } from '../../src/membership/benefit.rules';
import { programDefinitions } from '../../src/membership/program.catalog';
import { programEligibility, programPrice } from '../../src/membership/program.rules';

const [vip88, apass] = programDefinitions(loadConfig({}));
const now = new Date('2026-11-23T10:00:00Z');
const nextYear = new Date('2027-11-23T00:00:00Z');

const coupon: BenefitDefinition = {
  id: 'c', name: 'coupon', program: '88VIP', scenario: 'eat', app: 'ELEME', brandId: null, participatingBrands: false,
  value: 5, valueUnit: 'RMB', usageLimit: 4, period: 'MONTH', validFrom: null, validTo: null,
};
const standing = (over: Partial<Parameters<typeof benefitEligibility>[1]> = {}) => ({
  memberUntil: new Map([['88VIP', nextYear]]),
  linkedApps: new Set(['ELEME']),
  usedInPeriod: 0,
  ...over,
});

describe('program rules', () => {
  it('prices 88VIP at 88 from a loyalty score of 1000 and at 888 below', () => {
    expect(programPrice(vip88, 1000)).toBe(88);
    expect(programPrice(vip88, 999)).toBe(888);
    expect(programPrice(apass, 5000)).toBeNull();
  });

  it('lets an active member renew, saying until when', () => {
    const answer = programEligibility(vip88, { loyaltyScore: 1200, annualSpend: 0, memberUntil: new Map([['88VIP', nextYear]]), invitedTo: new Set() }, now);
    expect(answer.eligible).toBe(true);
    expect(answer.reasons[0]).toBe('already a member until 2027-11-23; joining again renews for 12 months from then');
  });

  it('needs a score above 2500 (not equal) and the spend to be invited to APASS', () => {
    const base = { annualSpend: 100_000, memberUntil: new Map(), invitedTo: new Set<string>() };
    expect(programEligibility(apass, { ...base, loyaltyScore: 2500 }, now).invitable).toBe(false);
    expect(programEligibility(apass, { ...base, loyaltyScore: 2501 }, now).invitable).toBe(true);
    expect(programEligibility(apass, { ...base, loyaltyScore: 2501, annualSpend: 99_999 }, now).invitable).toBe(false);
    expect(programEligibility(apass, { ...base, loyaltyScore: 10, invitedTo: new Set(['APASS']) }, now).eligible).toBe(true);
  });
});

describe('benefit rules', () => {
  it('gives every refusal a support agent needs, at once', () => {
    const answer = benefitEligibility(
      { ...coupon, validTo: new Date('2026-06-01T00:00:00Z') },
      standing({ memberUntil: new Map([['88VIP', new Date('2026-01-05T00:00:00Z')]]), linkedApps: new Set(['TAOBAO']), usedInPeriod: 4 }),
      now,
    );
    expect(answer).toEqual({
      eligible: false,
      remainingUses: 0,
      reasons: ['88VIP membership expired on 2026-01-05', 'no linked ELEME account', 'ended on 2026-06-01', 'limit reached (4 of 4 this month)'],
      publicReasons: ['no active 88VIP membership', 'no linked ELEME account', 'ended on 2026-06-01', 'limit reached (4 of 4 this month)'],
    });
  });

  it('tells partners that a membership is active without its end date (regression: partner scope leak)', () => {
    const answer = benefitEligibility(coupon, standing({ memberUntil: new Map([['88VIP', new Date('2027-03-09T00:00:00Z')]]), linkedApps: new Set(['ELEME']) }), now);
    expect(answer.reasons[0]).toBe('88VIP membership active until 2027-03-09');
    expect(answer.publicReasons[0]).toBe('88VIP membership active');
    expect(answer.publicReasons.join(' ')).not.toMatch(/2027/);
  });

  it('counts the remaining uses exactly', () => {
    expect(benefitEligibility(coupon, standing({ usedInPeriod: 3 }), now)).toMatchObject({ eligible: true, remainingUses: 1 });
    expect(benefitEligibility({ ...coupon, usageLimit: null, period: null }, standing({ usedInPeriod: 99 }), now).remainingUses).toBeNull();
  });

  it('applies a brand discount only at participating brands, or at its own brand', () => {
    const discount = { ...coupon, app: 'TMALL', participatingBrands: true, usageLimit: null, period: null };
    const inTmall = standing({ linkedApps: new Set(['TMALL']) });
    expect(benefitEligibility(discount, inTmall, now, { id: 'p', name: 'Prada', participatesIn: ['88VIP'] }).eligible).toBe(true);
    expect(benefitEligibility(discount, inTmall, now, { id: 's', name: 'Shiseido', participatesIn: [] }).reasons).toEqual(['brand Shiseido is not participating']);
    const own = { ...discount, participatingBrands: false, brandId: 'l' };
    expect(benefitEligibility(own, inTmall, now, { id: 'l', name: 'Lancôme', participatesIn: [] }).eligible).toBe(true);
  });

  it('starts months and years on the members\' clock (UTC+8)', () => {
    const lateNight = new Date('2026-11-30T17:30:00Z'); // 01:30 on 1 December in Beijing
    expect(periodStart('MONTH', lateNight, 8).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(periodStart('MONTH', lateNight, 0).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(periodStart('YEAR', now, 8).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(periodStart('ONCE', now, 8).getTime()).toBe(0);
  });
});
