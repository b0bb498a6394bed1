import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Context } from '../context';
import { AccountRef } from './account.input';
import { explainMatch } from './explain.service';
import { linkAccounts, unlinkAccount } from './link.service';
import { MatchExplanation } from './match.type';
import { Member } from './member.type';

@Resolver()
export class MatchResolver {
  @Query(() => MatchExplanation, { description: 'The decision, score and every rule hit for two accounts; writes nothing.' })
  explainMatch(
    @Arg('a', () => AccountRef) a: AccountRef,
    @Arg('b', () => AccountRef) b: AccountRef,
    @Ctx() { db, config }: Context,
  ): Promise<MatchExplanation> {
    return explainMatch(db, config, a, b);
  }

  @Mutation(() => Member, { description: 'Links two accounts on the member\'s own word; the consent id is stored on the link.' })
  async linkAccounts(
    @Arg('a', () => AccountRef) a: AccountRef,
    @Arg('b', () => AccountRef) b: AccountRef,
    @Arg('consentId', () => String) consentId: string,
    @Ctx() { db, config, loaders }: Context,
  ): Promise<Member> {
    const memberId = await linkAccounts(db, config, a, b, consentId);
    return (await loaders.memberById.load(memberId))!;
  }

  @Mutation(() => Member, { description: 'Makes the account its own member and keeps the same evidence from linking it back. Returns its new member.' })
  async unlinkAccount(
    @Arg('ref', () => AccountRef) ref: AccountRef,
    @Arg('reason', () => String) reason: string,
    @Ctx() { db, loaders }: Context,
  ): Promise<Member> {
    const memberId = await unlinkAccount(db, ref, reason);
    return (await loaders.memberById.load(memberId))!;
  }
}
