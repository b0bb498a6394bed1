import { MembershipConfig } from './membership.config';
import { AppError } from '../platform/errors';
import { MembershipErrorCode } from './membership.errors';

export interface ProgramDefinition {
  code: string;
  name: string;
  inviteOnly: boolean;
  periodMonths: number;
  /** 88VIP: the member price at or above scoreThreshold, fullPrice below it. */
  price: number | null;
  fullPrice: number | null;
  scoreThreshold: number;
  /** APASS: the spend over the last 12 months needed to be invited. */
  minAnnualSpend: number | null;
}

/** Apps whose backends report program payments: joining a paid program is a purchase made there. */
export const PAYMENT_APPS: readonly string[] = ['ALIPAY'];

/** The programs, as data: built from configuration and seeded as (:Program) nodes at start-up. */
export function programDefinitions(config: MembershipConfig): ProgramDefinition[] {
  const { vip88, apass } = config.programs;
  return [
    {
      code: '88VIP', name: '88VIP', inviteOnly: false, periodMonths: vip88.periodMonths,
      price: vip88.price, fullPrice: vip88.fullPrice, scoreThreshold: vip88.scoreThreshold, minAnnualSpend: null,
    },
    {
      code: 'APASS', name: 'APASS', inviteOnly: true, periodMonths: apass.periodMonths,
      price: null, fullPrice: null, scoreThreshold: apass.scoreThreshold, minAnnualSpend: apass.minAnnualSpend,
    },
  ];
}

export function requireProgram(config: MembershipConfig, code: string): ProgramDefinition {
  const program = programDefinitions(config).find((p) => p.code === code);
  if (!program) throw new AppError(MembershipErrorCode.UNKNOWN_PROGRAM, `Unknown program "${code}"; use 88VIP or APASS`, { field: 'program' });
  return program;
}
