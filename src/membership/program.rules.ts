import { ProgramDefinition } from './program.catalog';

/** What program rules need to know of a member. */
export interface MemberStanding {
  loyaltyScore: number;
  annualSpend: number;
  /** The latest end date of each program the member holds. */
  memberUntil: Map<string, Date>;
  invitedTo: Set<string>;
}

export interface ProgramAnswer {
  program: string;
  eligible: boolean;
  price: number | null;
  reasons: string[];
  /** APASS: whether the member could be invited. */
  invitable: boolean;
}

const day = (d: Date): string => d.toISOString().slice(0, 10);
const rmb = (n: number): string => `${Math.round(n).toLocaleString('en-US')} RMB`;

/** The price a member pays for a program now: 88VIP at 88 RMB with a loyalty score of at least 1000, 888 below. */
export function programPrice(program: ProgramDefinition, score: number): number | null {
  if (program.price === null) return null;
  return score >= program.scoreThreshold ? program.price : program.fullPrice;
}

/** Whether a member may be invited to an invitation-only program (APASS: score above 2500 and 100,000 RMB a year). */
export function invitationReasons(program: ProgramDefinition, standing: MemberStanding): { invitable: boolean; reasons: string[] } {
  const scoreOk = standing.loyaltyScore > program.scoreThreshold;
  const spendOk = program.minAnnualSpend === null || standing.annualSpend >= program.minAnnualSpend;
  const reasons = [
    scoreOk
      ? `loyalty score ${standing.loyaltyScore} is above ${program.scoreThreshold}`
      : `loyalty score ${standing.loyaltyScore} is not above ${program.scoreThreshold}`,
  ];
  if (program.minAnnualSpend !== null) {
    reasons.push(
      spendOk
        ? `spent ${rmb(standing.annualSpend)} in the last 12 months, at least ${rmb(program.minAnnualSpend)}`
        : `spent ${rmb(standing.annualSpend)} in the last 12 months, less than ${rmb(program.minAnnualSpend)}`,
    );
  }
  return { invitable: scoreOk && spendOk, reasons };
}

/** May the member join the program now, at what price, and why: reasons a support agent can read out. */
export function programEligibility(program: ProgramDefinition, standing: MemberStanding, now: Date): ProgramAnswer {
  const until = standing.memberUntil.get(program.code);
  const active = until !== undefined && until > now;
  const reasons: string[] = [];
  if (active) reasons.push(`already a member until ${day(until)}; joining again renews for ${program.periodMonths} months from then`);
  if (program.inviteOnly) {
    const invitation = invitationReasons(program, standing);
    const invited = standing.invitedTo.has(program.code);
    reasons.unshift(invited ? `invited to ${program.code}` : `${program.code} is by invitation only and there is no invitation`);
    return { program: program.code, eligible: invited, price: null, reasons: [...reasons, ...invitation.reasons], invitable: invitation.invitable };
  }
  const price = programPrice(program, standing.loyaltyScore);
  reasons.push(
    standing.loyaltyScore >= program.scoreThreshold
      ? `loyalty score ${standing.loyaltyScore} is at least ${program.scoreThreshold}: ${rmb(price ?? 0)} a year`
      : `loyalty score ${standing.loyaltyScore} is below ${program.scoreThreshold}: ${rmb(price ?? 0)} a year`,
  );
  return { program: program.code, eligible: true, price, reasons, invitable: false };
}
