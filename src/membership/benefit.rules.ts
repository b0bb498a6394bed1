export type BenefitPeriod = 'MONTH' | 'YEAR' | 'ONCE';

export interface BenefitDefinition {
  id: string;
  name: string;
  program: string;
  scenario: string;
  app: string;
  brandId: string | null;
  /** True for the catalog-wide brand discount: it applies at brands that participate in the program. */
  participatingBrands: boolean;
  value: number | null;
  valueUnit: string | null;
  /** Uses allowed per period; null is unlimited. */
  usageLimit: number | null;
  period: BenefitPeriod | null;
  validFrom: Date | null;
  validTo: Date | null;
}

export interface BenefitStanding {
  memberUntil: Map<string, Date>;
  linkedApps: Set<string>;
  /** Uses of this benefit by any of the member's accounts in the current period. */
  usedInPeriod: number;
}

export interface BrandContext {
  id: string;
  name: string;
  participatesIn: string[];
}

export interface BenefitAnswer {
  eligible: boolean;
  reasons: string[];
  /**
   * The same reasons without what a partner app may not learn (membership dates): the partner's view, and the text
   * of refusal errors, which any caller may see.
   */
  publicReasons: string[];
  remainingUses: number | null;
}

/** A reason in full, and as a partner may read it. */
interface Reason {
  full: string;
  public: string;
}

const said = (full: string, publicText = full): Reason => ({ full, public: publicText });

const day = (d: Date): string => d.toISOString().slice(0, 10);
const PERIOD_WORDS: Record<BenefitPeriod, string> = { MONTH: 'this month', YEAR: 'this year', ONCE: 'in all' };

/** The start of the period that contains `now`, on a clock `offsetHours` from UTC (members' calendar months). */
export function periodStart(period: BenefitPeriod | null, now: Date, offsetHours: number): Date {
  if (!period || period === 'ONCE') return new Date(0);
  const local = new Date(now.getTime() + offsetHours * 3_600_000);
  const start = period === 'MONTH' ? Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) : Date.UTC(local.getUTCFullYear(), 0, 1);
  return new Date(start - offsetHours * 3_600_000);
}

/**
 * Whether the member may use the benefit now, decided from the whole identity: a membership bought through any
 * app counts, the benefit's app must be among the member's linked accounts, uses are counted across all of them.
 */
export function benefitEligibility(benefit: BenefitDefinition, standing: BenefitStanding, now: Date, brand?: BrandContext | null): BenefitAnswer {
  const refusals: Reason[] = [];
  const notes: Reason[] = [];
  const program = benefit.program;
  const until = standing.memberUntil.get(program);
  if (!until) refusals.push(said(`no ${program} membership`));
  else if (until <= now) refusals.push(said(`${program} membership expired on ${day(until)}`, `no active ${program} membership`));
  else notes.push(said(`${program} membership active until ${day(until)}`, `${program} membership active`));

  if (!standing.linkedApps.has(benefit.app)) refusals.push(said(`no linked ${benefit.app} account`));

  // The catalog's own dates are public (Benefit.validFrom/validTo).
  if (benefit.validFrom && now < benefit.validFrom) refusals.push(said(`not valid before ${day(benefit.validFrom)}`));
  if (benefit.validTo && now >= benefit.validTo) refusals.push(said(`ended on ${day(benefit.validTo)}`));

  if (brand) {
    const applies = benefit.brandId ? benefit.brandId === brand.id : benefit.participatingBrands && brand.participatesIn.includes(program);
    if (!applies) refusals.push(said(`brand ${brand.name} is not participating`));
  }

  let remainingUses: number | null = null;
  if (benefit.usageLimit !== null && benefit.period) {
    remainingUses = Math.max(benefit.usageLimit - standing.usedInPeriod, 0);
    const words = PERIOD_WORDS[benefit.period];
    // Uses of this benefit are the caller's own business (remainingUses is a field); not a hidden number.
    if (remainingUses === 0) refusals.push(said(`limit reached (${standing.usedInPeriod} of ${benefit.usageLimit} ${words})`));
    else notes.push(said(`${remainingUses} of ${benefit.usageLimit} uses left ${words}`));
  }
  const reasons = refusals.length ? refusals : notes;
  return { eligible: refusals.length === 0, reasons: reasons.map((r) => r.full), publicReasons: reasons.map((r) => r.public), remainingUses };
}
