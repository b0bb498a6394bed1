import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { IdentityContext } from './identity.context';
import { AccountRef } from './account.input';
import { findAccountByRef } from './account.repository';
import { Account } from './account.type';
import { validateRef } from './account.validate';
import { requireApp } from './app.registry';
import { App } from './app.type';
import { Identifier } from './identifier.type';
import { Member } from './member.type';

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true, description: 'The account with this app and external id, or null.' })
  account(@Arg('ref', () => AccountRef) ref: AccountRef, @Ctx() { db }: IdentityContext): Promise<Account | null> {
    const { app, externalId } = validateRef(ref);
    return findAccountByRef(db, app, externalId);
  }

  @FieldResolver(() => App)
  app(@Root() account: Account): App {
    return requireApp(account.appCode);
  }

  @FieldResolver(() => [Identifier], { description: 'Masked identifiers; raw values are never returned.' })
  identifiers(@Root() account: Account, @Ctx() { loaders }: IdentityContext): Promise<Identifier[]> {
    return loaders.identifiersByAccount.load(account.id);
  }

  @FieldResolver(() => Member, { nullable: true })
  member(@Root() account: Account, @Ctx() { loaders }: IdentityContext): Promise<Member | null> | null {
    return account.memberId ? loaders.memberById.load(account.memberId) : null;
  }
}
