import { Env, int } from '../platform/config';

/** The numbers of the paid programs (domain.md); they seed the (:Program) nodes and decide eligibility. */
export interface ProgramsConfig {
  vip88: { price: number; fullPrice: number; scoreThreshold: number; periodMonths: number };
  apass: { scoreThreshold: number; minAnnualSpend: number; periodMonths: number };
  /** Benefit periods ("this month") follow the members' clock: UTC+8 by default. */
  periodUtcOffsetHours: number;
}

/** What the membership domain reads from the environment. */
export interface MembershipConfig {
  programs: ProgramsConfig;
}

/** Reads and validates the program numbers; throws ConfigError with one line naming the variable. */
export function loadMembershipConfig(env: Env): MembershipConfig {
  return {
    programs: {
      vip88: {
        price: int(env, 'VIP88_PRICE', 88, 0, 1_000_000),
        fullPrice: int(env, 'VIP88_FULL_PRICE', 888, 0, 1_000_000),
        scoreThreshold: int(env, 'VIP88_SCORE_THRESHOLD', 1000, 0, 100_000),
        periodMonths: 12,
      },
      apass: {
        scoreThreshold: int(env, 'APASS_SCORE_THRESHOLD', 2500, 0, 100_000),
        minAnnualSpend: int(env, 'APASS_MIN_ANNUAL_SPEND', 100_000, 0, 1_000_000_000),
        periodMonths: 12,
      },
      periodUtcOffsetHours: int(env, 'BENEFIT_PERIOD_UTC_OFFSET_HOURS', 8, -12, 14),
    },
  };
}
