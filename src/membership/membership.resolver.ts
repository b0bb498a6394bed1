import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { MembershipContext } from './membership.context';
import { AccountRef } from '../identity/account.input';
import { requireApp } from '../identity/app.registry';
import { Member } from '../identity/member.type';
import { badInput, notFound } from '../platform/errors';
import { setLoyaltyScore } from './membership.repository';
import { decideBenefit, inviteToProgram, joinProgram, memberOfRef, memberStanding, redeemBenefit } from './membership.service';
import { BenefitEligibility, LoyaltyScoreChange, Membership, ProgramEligibility, Redemption } from './membership.type';
import { requireProgram } from './program.catalog';
import { programEligibility } from './program.rules';
import { toBenefit } from './benefit.resolver';
import { requireFirst } from '../platform/page';

async function benefitsOf(ctx: MembershipContext, memberId: string, app: string | null, only?: string, brandId?: string | null): Promise<BenefitEligibility[]> {
  const [row, catalog, brand] = await Promise.all([
    ctx.loaders.standingByMember.load(memberId),
    ctx.loaders.benefitCatalog.load('all'),
    brandId ? ctx.loaders.brandById.load(brandId) : Promise.resolve(null),
  ]);
  if (!row) throw notFound(`Member ${memberId}`);
  if (brandId && !brand) throw notFound(`Brand ${brandId}`);
  return catalog
    .filter((b) => (!app || b.app === app) && (!only || b.id === only))
    .map((b) => ({ benefit: toBenefit(b), ...decideBenefit(b, row, ctx.now, ctx.config.programs.periodUtcOffsetHours, brand) }));
}

@Resolver(() => Member)
export class MemberMembershipResolver {
  @FieldResolver(() => [Membership], { description: 'Every program membership, active or expired.' })
  memberships(@Root() member: Member, @Ctx() { loaders }: MembershipContext): Promise<Membership[]> {
    return loaders.membershipsByMember.load(member.id);
  }

  @FieldResolver(() => [BenefitEligibility], { description: 'Every benefit of the catalog with whether this member may use it now, optionally only those used on one app.' })
  benefits(@Root() member: Member, @Arg('app', () => String, { nullable: true }) app: string | null, @Ctx() ctx: MembershipContext): Promise<BenefitEligibility[]> {
    if (app) requireApp(app);
    return benefitsOf(ctx, member.id, app);
  }

  @FieldResolver(() => ProgramEligibility, { description: 'May the member join the program now, at what price, and why.' })
  async programEligibility(@Root() member: Member, @Arg('program', () => String) program: string, @Ctx() { loaders, config, now }: MembershipContext): Promise<ProgramEligibility> {
    const definition = requireProgram(config, program);
    const [row, spend] = await Promise.all([loaders.standingByMember.load(member.id), definition.minAnnualSpend === null ? 0 : loaders.spendByMember.load(member.id)]);
    if (!row) throw notFound(`Member ${member.id}`);
    return programEligibility(definition, memberStanding(row, spend), now);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'RMB spent in PURCHASE events over the last 12 months, across all linked accounts. Null (with a FORBIDDEN error) for a role that may not read it.' })
  async annualSpend(@Root() member: Member, @Ctx() { loaders }: MembershipContext): Promise<number> {
    return Math.round(await loaders.spendByMember.load(member.id));
  }

  @FieldResolver(() => [LoyaltyScoreChange], { nullable: true, description: 'Changes of the loyalty score, newest first. Null (with a FORBIDDEN error) for a role that may not read it.' })
  loyaltyHistory(@Root() member: Member, @Arg('first', () => Int, { defaultValue: 20 }) first: number, @Ctx() { loaders }: MembershipContext): Promise<LoyaltyScoreChange[]> {
    requireFirst(first, 500);
    return loaders.loyaltyHistoryByMember.load({ id: member.id, first });
  }
}

@Resolver()
export class MembershipResolver {
  @Query(() => BenefitEligibility, { description: 'Whether the member behind this account may use the benefit now (optionally at a brand), and why.' })
  async benefitEligibility(
    @Arg('ref', () => AccountRef) ref: AccountRef,
    @Arg('benefitId', () => ID) benefitId: string,
    @Arg('brandId', () => ID, { nullable: true, description: 'For brand discounts: the brand the purchase is at.' }) brandId: string | null,
    @Ctx() ctx: MembershipContext,
  ): Promise<BenefitEligibility> {
    const memberId = await memberOfRef(ctx.db, ctx.identityCache, ref);
    const [answer] = await benefitsOf(ctx, memberId, null, benefitId, brandId);
    if (!answer) throw notFound(`Benefit ${benefitId}`);
    return answer;
  }

  @Mutation(() => Member, { description: 'Sets the loyalty score; the change is kept in loyaltyHistory.' })
  async setLoyaltyScore(@Arg('memberId', () => ID) memberId: string, @Arg('score', () => Int) score: number, @Ctx() { db, loaders }: MembershipContext): Promise<Member> {
    if (score < 0 || score > 100_000) throw badInput('score must be from 0 to 100000', 'score');
    const member = await loaders.memberById.load(memberId);
    if (!member) throw notFound(`Member ${memberId}`);
    await setLoyaltyScore(db, member.id, score);
    return { ...member, loyaltyScore: score };
  }

  @Mutation(() => Membership, {
    description: 'Joins or renews a program at the price the loyalty score gives (88VIP: 88 or 888 RMB); APASS needs an invitation. Reported by the payments app with the payment it was bought with.',
  })
  async joinProgram(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('program', () => String) program: string,
    @Arg('paymentRef', () => String, { nullable: true, description: 'The payment that bought the period; required. The same reference again changes nothing.' }) paymentRef: string | null,
    @Ctx() { db, config, loaders, principal }: MembershipContext,
  ): Promise<Membership> {
    if (!paymentRef) throw badInput('paymentRef is required: joining a program is a purchase', 'paymentRef');
    const member = await loaders.memberById.load(memberId);
    if (!member) throw notFound(`Member ${memberId}`);
    return joinProgram(db, config, member.id, program, paymentRef, principal.key, principal.role === 'partner' ? principal.app! : null);
  }

  @Mutation(() => Member, { description: 'Invites a member to an invitation-only program (APASS) when it meets the bar.' })
  async inviteToProgram(@Arg('memberId', () => ID) memberId: string, @Arg('program', () => String) program: string, @Ctx() { db, config, loaders }: MembershipContext): Promise<Member> {
    const member = await loaders.memberById.load(memberId);
    if (!member) throw notFound(`Member ${memberId}`);
    await inviteToProgram(db, config, member.id, program);
    return member;
  }

  @Mutation(() => Redemption, { description: 'Uses a benefit through an account; the same idempotency key returns the same redemption.' })
  async redeemBenefit(
    @Arg('ref', () => AccountRef) ref: AccountRef,
    @Arg('benefitId', () => ID) benefitId: string,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() { db, config, loaders, principal }: MembershipContext,
  ): Promise<Redemption> {
    const stored = await redeemBenefit(db, config, ref, benefitId, idempotencyKey, principal.key);
    const catalog = await loaders.benefitCatalog.load('all');
    const benefit = catalog.find((b) => b.id === stored.benefitId)!;
    return { id: stored.id, benefitId: stored.benefitId, benefit: toBenefit(benefit), redeemedAt: stored.redeemedAt, remainingUses: stored.remainingUses };
  }
}
