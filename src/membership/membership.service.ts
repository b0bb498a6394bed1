import { Config } from '../platform/config';
import { AppError, badInput, ErrorCode, notFound } from '../platform/errors';
import { Database } from '../platform/neo4j/database';
import { AccountRef } from '../identity/account.input';
import { validateRef } from '../identity/account.validate';
import { findAccountMember } from '../identity/identity.repository';
import { BenefitAnswer, benefitEligibility, BenefitDefinition, BrandContext, periodStart } from './benefit.rules';
import { SPEND_WINDOW_MS } from './membership.loaders';
import {
  createRedemption,
  findRedemptionByKey,
  invite,
  joinProgram as joinProgramGraph,
  loadBenefitCatalog,
  loadStandings,
  lockMember,
  StandingRow,
  StoredRedemption,
  toMembership,
} from './membership.repository';
import { Membership } from './membership.type';
import { requireProgram } from './program.catalog';
import { invitationReasons, MemberStanding, programPrice } from './program.rules';

/** The program view of a member's standing. */
export function memberStanding(row: StandingRow): MemberStanding {
  const memberUntil = new Map<string, Date>();
  for (const m of row.memberships) {
    const current = memberUntil.get(m.program);
    if (m.until && (!current || m.until > current)) memberUntil.set(m.program, m.until);
  }
  return { loyaltyScore: row.loyaltyScore, annualSpend: row.annualSpend, memberUntil, invitedTo: new Set(row.invitedTo) };
}

/** Decides one benefit for one member from its standing. */
export function decideBenefit(benefit: BenefitDefinition, row: StandingRow, now: Date, offsetHours: number, brand?: BrandContext | null): BenefitAnswer {
  const since = periodStart(benefit.period, now, offsetHours);
  const usedInPeriod = row.redemptions.filter((r) => r.benefitId === benefit.id && r.at >= since).length;
  return benefitEligibility(benefit, { memberUntil: memberStanding(row!).memberUntil, linkedApps: new Set(row.linkedApps), usedInPeriod }, now, brand);
}

/** The member behind an account reference; NOT_FOUND when the account is unknown. */
export async function memberOfRef(db: Database, ref: AccountRef): Promise<string> {
  const { app, externalId } = validateRef(ref);
  const found = await db.read((tx) => findAccountMember(tx, app, externalId), 'memberOfRef');
  if (!found?.memberId) throw notFound(`Account ${app}:${externalId}`);
  return found.memberId;
}

/** Joins (or renews) a program at the price the member's loyalty score gives; APASS needs an invitation. */
export function joinProgram(db: Database, config: Config, memberId: string, programCode: string): Promise<Membership> {
  const program = requireProgram(config, programCode);
  return db.write(async (tx) => {
    if (!(await lockMember(tx, memberId))) throw notFound(`Member ${memberId}`);
    const [row] = await loadStandings(tx, [memberId], new Date(Date.now() - SPEND_WINDOW_MS), new Date());
    const standing = memberStanding(row!);
    if (program.inviteOnly && !standing.invitedTo.has(program.code)) {
      throw new AppError(ErrorCode.INVITATION_REQUIRED, `${program.code} is by invitation only, and this member has not been invited`, { program: program.code });
    }
    const price = programPrice(program, standing.loyaltyScore);
    return toMembership(await joinProgramGraph(tx, memberId, program.code, price, program.periodMonths), new Date());
  }, 'joinProgram');
}

/** Invites a member to an invitation-only program; refused with NOT_ELIGIBLE and the reasons when the bar is not met. */
export function inviteToProgram(db: Database, config: Config, memberId: string, programCode: string): Promise<void> {
  const program = requireProgram(config, programCode);
  if (!program.inviteOnly) throw badInput(`${program.code} is open to everyone; there is nothing to invite to`, 'program');
  return db.write(async (tx) => {
    if (!(await lockMember(tx, memberId))) throw notFound(`Member ${memberId}`);
    const [row] = await loadStandings(tx, [memberId], new Date(Date.now() - SPEND_WINDOW_MS), new Date());
    const { invitable, reasons } = invitationReasons(program, memberStanding(row!));
    if (!invitable) throw new AppError(ErrorCode.NOT_ELIGIBLE, `The member cannot be invited to ${program.code}: ${reasons.join('; ')}`, { reasons });
    await invite(tx, memberId, program.code);
  }, 'inviteToProgram');
}

/**
 * Uses a benefit through the account `ref`. The member is write-locked first, so concurrent redemptions are
 * counted one after the other (no double spend), and the same idempotency key always returns the first redemption.
 */
export async function redeemBenefit(db: Database, config: Config, ref: AccountRef, benefitId: string, idempotencyKey: string): Promise<StoredRedemption> {
  const { app, externalId } = validateRef(ref);
  const key = idempotencyKey.trim();
  if (!key || key.length > 200) throw badInput('idempotencyKey must be 1 to 200 characters', 'idempotencyKey');
  return db.write(async (tx) => {
    const account = await findAccountMember(tx, app, externalId);
    if (!account?.memberId) throw notFound(`Account ${app}:${externalId}`);
    if (!(await lockMember(tx, account.memberId))) throw new AppError(ErrorCode.CONFLICT, 'The account changed while redeeming; retry');
    const previous = await findRedemptionByKey(tx, key);
    if (previous) {
      if (previous.benefitId !== benefitId || previous.accountId !== account.accountId) {
        throw new AppError(ErrorCode.CONFLICT, 'This idempotency key was already used for another redemption; use a new key');
      }
      return previous;
    }
    const benefit = (await loadBenefitCatalog(tx)).find((b) => b.id === benefitId);
    if (!benefit) throw notFound(`Benefit ${benefitId}`);
    const now = new Date();
    const [row] = await loadStandings(tx, [account.memberId], new Date(now.getTime() - SPEND_WINDOW_MS), new Date(0));
    const answer = decideBenefit(benefit, row!, now, config.programs.periodUtcOffsetHours);
    if (!answer.eligible) {
      const limited = answer.reasons.some((r) => r.startsWith('limit reached'));
      throw new AppError(limited ? ErrorCode.LIMIT_REACHED : ErrorCode.NOT_ELIGIBLE, `The benefit cannot be used: ${answer.reasons.join('; ')}`, {
        reasons: answer.reasons,
      });
    }
    const remaining = answer.remainingUses === null ? null : answer.remainingUses - 1;
    return createRedemption(tx, key, benefit.id, account.accountId, remaining);
  }, 'redeemBenefit');
}
