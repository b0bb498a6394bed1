import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { IdentityContext } from './identity.context';
import { AccountRef } from './account.input';
import { findAccountByRef } from './account.repository';
import { validateRef } from './account.validate';
import { Resolution } from './match.type';

@Resolver(() => Resolution)
export class ResolutionResolver {
  @Query(() => Resolution, { nullable: true, description: 'For a partner app: the member behind one of its accounts and the apps linked to it; null when unknown.' })
  async resolveIdentity(@Arg('ref', () => AccountRef) ref: AccountRef, @Ctx() { db, loaders }: IdentityContext): Promise<Resolution | null> {
    const { app, externalId } = validateRef(ref);
    const account = await findAccountByRef(db, app, externalId);
    if (!account?.memberId) return null;
    const [member, accounts] = await Promise.all([loaders.memberById.load(account.memberId), loaders.accountsByMember.load(account.memberId)]);
    if (!member) return null;
    return { account, member, linkedApps: [...new Set(accounts.map((a) => a.appCode))].sort() };
  }
}
