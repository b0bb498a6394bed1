import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { IdentityContext } from './identity.context';
import { AccountRef } from './account.input';
import { explainMatch, explainMatchByIds } from './explain.service';
import { verifyLinkConsent } from './link.consent';
import { grantLinkConsent, linkAccounts, mergeMembersByOperator, previewLink, previewMerge, unlinkAccount, withdrawConsent } from './link.service';
import { LinkPreview } from './link.preview.type';
import { ConsentPurpose } from './consent.purpose';
import { Account } from './account.type';
import { LinkConsent } from './link.type';
import { MatchExplanation } from './match.type';
import { Member } from './member.type';

@Resolver()
export class MatchResolver {
  @Query(() => MatchExplanation, { description: 'The decision, score and every rule hit for two accounts; writes nothing.' })
  explainMatch(
    @Arg('a', () => AccountRef) a: AccountRef,
    @Arg('b', () => AccountRef) b: AccountRef,
    @Ctx() { db, config }: IdentityContext,
  ): Promise<MatchExplanation> {
    return explainMatch(db, config, a, b);
  }

  @Query(() => MatchExplanation, { description: 'explainMatch for two accounts given by id (analysts read external ids masked); writes nothing.' })
  explainMatchByIds(
    @Arg('a', () => ID) a: string,
    @Arg('b', () => ID) b: string,
    @Ctx() { db, config }: IdentityContext,
  ): Promise<MatchExplanation> {
    return explainMatchByIds(db, config, a, b);
  }

  @Query(() => LinkPreview, { description: 'What linkAccounts(a, b) would change: survivor, accounts moved, benefits gained and lost, a limit that would refuse it. Writes nothing.' })
  previewLink(
    @Arg('a', () => AccountRef) a: AccountRef,
    @Arg('b', () => AccountRef) b: AccountRef,
    @Ctx() { db, config, benefitsOf }: IdentityContext,
  ): Promise<LinkPreview> {
    return previewLink(db, config, a, b, benefitsOf);
  }

  @Query(() => LinkPreview, { description: 'What mergeMembers(memberIds) would change, as previewLink. Writes nothing.' })
  previewMerge(@Arg('memberIds', () => [ID]) memberIds: string[], @Ctx() { db, config, benefitsOf }: IdentityContext): Promise<LinkPreview> {
    return previewMerge(db, config, memberIds, benefitsOf);
  }

  @Mutation(() => Member, { description: 'Merges members on an operator\'s decision (a do-not-link fact is CONFLICT, the per-app limit LIMIT_EXCEEDED). Returns the survivor.' })
  async mergeMembers(@Arg('memberIds', () => [ID]) memberIds: string[], @Ctx() { db, config, loaders }: IdentityContext): Promise<Member> {
    return (await loaders.memberById.load(await mergeMembersByOperator(db, config, memberIds)))!;
  }

  @Mutation(() => LinkConsent, { description: 'The owner of `ref` consents to its link with `to`: returns a single-use token, valid 15 minutes, for the owner of `to`.' })
  grantLinkConsent(@Arg('ref', () => AccountRef) ref: AccountRef, @Arg('to', () => AccountRef) to: AccountRef, @Ctx() { db, config }: IdentityContext): Promise<LinkConsent> {
    return grantLinkConsent(db, config, ref, to);
  }

  @Mutation(() => Member, {
    description: 'Links two accounts on the member\'s own word; the consent id is stored on the link. A member links its own accounts, or account b of another member with the consentToken b\'s owner granted (grantLinkConsent).',
  })
  async linkAccounts(
    @Arg('a', () => AccountRef) a: AccountRef,
    @Arg('b', () => AccountRef) b: AccountRef,
    @Arg('consentId', () => String) consentId: string,
    @Arg('consentToken', () => String, { nullable: true, description: 'From grantLinkConsent by the owner of b (ref: b, to: a).' }) consentToken: string | null,
    @Arg('purposes', () => [ConsentPurpose], { nullable: true, description: 'What the consent covers; LINK_DEFAULT_PURPOSES when left out.' }) purposes: ConsentPurpose[] | null,
    @Ctx() { db, config, loaders }: IdentityContext,
  ): Promise<Member> {
    const proof = consentToken ? await verifyLinkConsent(config.identifierHashKey, consentToken, b, a) : undefined;
    const memberId = await linkAccounts(db, config, a, b, consentId, purposes, proof);
    return (await loaders.memberById.load(memberId))!;
  }

  @Mutation(() => Member, { description: 'Makes the account its own member and keeps the same evidence from linking it back. Returns its new member.' })
  async unlinkAccount(
    @Arg('ref', () => AccountRef) ref: AccountRef,
    @Arg('reason', () => String) reason: string,
    @Ctx() { db, config, loaders }: IdentityContext,
  ): Promise<Member> {
    const memberId = await unlinkAccount(db, config, ref, reason);
    return (await loaders.memberById.load(memberId))!;
  }

  @Mutation(() => Account, { description: 'Withdraws purposes from the consent of an account\'s link, at once; audited. Returns the account.' })
  withdrawConsent(
    @Arg('ref', () => AccountRef) ref: AccountRef,
    @Arg('purposes', () => [ConsentPurpose]) purposes: ConsentPurpose[],
    @Ctx() { db, config }: IdentityContext,
  ): Promise<Account> {
    return withdrawConsent(db, config, ref, purposes);
  }
}
