import { MembershipConfig } from './membership.config';
import { AppError, badInput, ErrorCode, notFound } from '../platform/errors';
import { Database } from '../platform/neo4j/database';
import { AccountRef } from '../identity/account.input';
import { validateRef } from '../identity/account.validate';
import { findAccountMember } from '../identity/account.repository';
import { IdentityCache } from '../identity/identity.cache';
import { identityOfRef } from '../identity/resolution.repository';
import { BenefitAnswer, benefitEligibility, BenefitDefinition, BrandContext, periodStart } from './benefit.rules';
import {
  createRedemption,
  findMembership,
  findRedemptionByKey,
  holdsAccountOn,
  invite,
  joinProgram as joinProgramGraph,
  loadBenefitCatalog,
  loadSpends,
  loadStandings,
  lockMember,
  notePaymentMembership,
  recordPayment,
  StandingRow,
  StoredRedemption,
  toMembership,
  UsageWindow,
} from './membership.repository';
import { Membership } from './membership.type';
import { requireProgram } from './program.catalog';
import { invitationReasons, MemberStanding, programPrice } from './program.rules';
import { MembershipErrorCode } from './membership.errors';

/** Annual spend is counted over the last 365 days. */
export const SPEND_WINDOW_MS = 365 * 24 * 3_600_000;

/** The benefit periods current at `now` on the members' clock. */
export function usageWindow(now: Date, offsetHours: number): UsageWindow {
  return { monthStart: periodStart('MONTH', now, offsetHours), yearStart: periodStart('YEAR', now, offsetHours) };
}

/** The program view of a member's standing; `annualSpend` is read apart (loadSpends), only where a rule needs it. */
export function memberStanding(row: StandingRow, annualSpend = 0): MemberStanding {
  const memberUntil = new Map<string, Date>();
  for (const m of row.memberships) {
    const current = memberUntil.get(m.program);
    if (m.until && (!current || m.until > current)) memberUntil.set(m.program, m.until);
  }
  return { loyaltyScore: row.loyaltyScore, annualSpend, memberUntil, invitedTo: new Set(row.invitedTo) };
}

/** Decides one benefit for one member from its standing. */
export function decideBenefit(benefit: BenefitDefinition, row: StandingRow, now: Date, offsetHours: number, brand?: BrandContext | null): BenefitAnswer {
  const usage = row.usage.find((u) => u.benefitId === benefit.id);
  const usedInPeriod = !usage || !benefit.period ? 0 : benefit.period === 'MONTH' ? usage.month : benefit.period === 'YEAR' ? usage.year : usage.total;
  return benefitEligibility(benefit, { memberUntil: memberStanding(row).memberUntil, linkedApps: new Set(row.linkedApps), usedInPeriod }, now, brand);
}

/**
 * The member behind an account reference, for reads (eligibility): from the identity cache when it is on; NOT_FOUND
 * when the account is unknown or has no member. Writes read it in their transaction instead.
 */
export async function memberOfRef(db: Database, cache: IdentityCache, ref: AccountRef): Promise<string> {
  const { app, externalId } = validateRef(ref);
  const found = cache.enabled ? await identityOfRef(db, cache, app, externalId) : await db.read((tx) => findAccountMember(tx, app, externalId), 'memberOfRef');
  if (!found?.memberId) throw notFound(`Account ${app}:${externalId}`);
  return found.memberId;
}

/** A caller's key scoped to who sent it, so one caller can neither squat nor probe another's keys. */
export const scopedKey = (scope: string, key: string): string => `${scope}\u001f${key}`;

function requireKey(value: string, field: string): string {
  const key = value.trim();
  if (!key || key.length > 200) throw badInput(`${field} must be 1 to 200 characters`, field);
  return key;
}

/**
 * Joins (or renews) a program at the price the member's loyalty score gives; APASS needs an invitation. Joining is a
 * purchase: `paymentRef` names the payment, recorded once per reporting caller (`scope`), so the same payment
 * reported again returns the membership it bought instead of extending it. `payingApp` (a payments partner's app;
 * null for an operator) must be an app the member holds an account on, checked under the member's lock.
 */
export function joinProgram(db: Database, config: MembershipConfig, memberId: string, programCode: string, paymentRef: string, scope: string, payingApp: string | null = null): Promise<Membership> {
  const program = requireProgram(config, programCode);
  const key = scopedKey(scope, requireKey(paymentRef, 'paymentRef'));
  return db.write(async (tx) => {
    if (!(await lockMember(tx, memberId))) throw notFound(`Member ${memberId}`);
    // The access policy let the payments app in because the member held an account there; an unlink may have
    // committed since, and a payment is charged to an account the member holds on the app.
    if (payingApp && !(await holdsAccountOn(tx, memberId, payingApp))) {
      throw new AppError(ErrorCode.CONFLICT, `The member no longer holds a ${payingApp} account to be charged on; nothing was joined`);
    }
    const [row] = await loadStandings(tx, [memberId], usageWindow(new Date(), config.programs.periodUtcOffsetHours));
    const standing = memberStanding(row!);
    if (program.inviteOnly && !standing.invitedTo.has(program.code)) {
      throw new AppError(MembershipErrorCode.INVITATION_REQUIRED, `${program.code} is by invitation only, and this member has not been invited`, { program: program.code });
    }
    const price = programPrice(program, standing.loyaltyScore);
    const payment = await recordPayment(tx, key, memberId, program.code, price);
    if (!payment.fresh) {
      const paidFor = payment.membershipId ? await findMembership(tx, payment.membershipId) : null;
      if (payment.memberId !== memberId || payment.program !== program.code || !paidFor) {
        throw new AppError(ErrorCode.CONFLICT, 'This paymentRef was already used for another membership; a payment buys one period');
      }
      return toMembership(paidFor, new Date());
    }
    const membership = await joinProgramGraph(tx, memberId, program.code, price, program.periodMonths);
    await notePaymentMembership(tx, key, membership.id as string);
    return toMembership(membership, new Date());
  }, 'joinProgram');
}

/** Invites a member to an invitation-only program; refused with NOT_ELIGIBLE and the reasons when the bar is not met. */
export function inviteToProgram(db: Database, config: MembershipConfig, memberId: string, programCode: string): Promise<void> {
  const program = requireProgram(config, programCode);
  if (!program.inviteOnly) throw badInput(`${program.code} is open to everyone; there is nothing to invite to`, 'program');
  return db.write(async (tx) => {
    if (!(await lockMember(tx, memberId))) throw notFound(`Member ${memberId}`);
    const now = new Date();
    const [row] = await loadStandings(tx, [memberId], usageWindow(now, config.programs.periodUtcOffsetHours));
    const [spend] = await loadSpends(tx, [memberId], new Date(now.getTime() - SPEND_WINDOW_MS));
    const { invitable, reasons } = invitationReasons(program, memberStanding(row!, spend));
    if (!invitable) throw new AppError(MembershipErrorCode.NOT_ELIGIBLE, `The member cannot be invited to ${program.code}: ${reasons.join('; ')}`, { reasons });
    await invite(tx, memberId, program.code);
  }, 'inviteToProgram');
}

/**
 * Uses a benefit through the account `ref`. The member is write-locked first, so concurrent redemptions are
 * counted one after the other (no double spend), and the same idempotency key always returns the first redemption.
 * An account that changed member before the lock is CONFLICT (a retry counts it on its member now).
 */
export async function redeemBenefit(db: Database, config: MembershipConfig, ref: AccountRef, benefitId: string, idempotencyKey: string, scope: string): Promise<StoredRedemption> {
  const { app, externalId } = validateRef(ref);
  const key = scopedKey(scope, requireKey(idempotencyKey, 'idempotencyKey'));
  return db.write(async (tx) => {
    const account = await findAccountMember(tx, app, externalId);
    if (!account?.memberId) throw notFound(`Account ${app}:${externalId}`);
    // Read again once locked: an unlink or merge may have moved the account while we waited, and the standing counted
    // must be that of the member it belongs to.
    const locked = (await lockMember(tx, account.memberId)) && (await findAccountMember(tx, app, externalId))?.memberId === account.memberId;
    if (!locked) throw new AppError(ErrorCode.CONFLICT, 'The account changed while redeeming; retry');
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
    const [row] = await loadStandings(tx, [account.memberId], usageWindow(now, config.programs.periodUtcOffsetHours));
    const answer = decideBenefit(benefit, row!, now, config.programs.periodUtcOffsetHours);
    if (!answer.eligible) {
      const limited = answer.reasons.some((r) => r.startsWith('limit reached'));
      // Partners redeem too, so a refusal says only what every caller may read.
      throw new AppError(limited ? MembershipErrorCode.LIMIT_REACHED : MembershipErrorCode.NOT_ELIGIBLE, `The benefit cannot be used: ${answer.publicReasons.join('; ')}`, {
        reasons: answer.publicReasons,
      });
    }
    const remaining = answer.remainingUses === null ? null : answer.remainingUses - 1;
    return createRedemption(tx, key, benefit.id, account.accountId, remaining);
  }, 'redeemBenefit');
}
