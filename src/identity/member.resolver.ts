import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Context } from '../context';
import { Account } from './account.type';
import { requireApp } from './app.registry';
import { Member } from './member.type';

@Resolver(() => Member)
export class MemberResolver {
  @Query(() => Member, { nullable: true, description: 'The member with this id, or null.' })
  member(@Arg('id', () => ID) id: string, @Ctx() { loaders }: Context): Promise<Member | null> {
    return loaders.memberById.load(id);
  }

  @FieldResolver(() => [Account], { description: 'The member\'s linked accounts, optionally only those on one app.' })
  async accounts(
    @Root() member: Member,
    @Arg('app', () => String, { nullable: true }) app: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<Account[]> {
    if (app) requireApp(app);
    const accounts = await loaders.accountsByMember.load(member.id);
    return app ? accounts.filter((a) => a.appCode === app) : accounts;
  }
}
