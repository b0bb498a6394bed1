import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { selectionOf } from '../platform/selection';
import { IdentityContext } from './identity.context';
import { AccountRef } from './account.input';
import { findAccountByRef } from './account.repository';
import { Account } from './account.type';
import { validateRef } from './account.validate';
import { requireApp } from './app.registry';
import { App } from './app.type';
import { Identifier } from './identifier.type';
import { Member } from './member.type';
import { accountOf, cacheHolds, identityOfRef } from './resolution.repository';

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true, description: 'The account with this app and external id, or null.' })
  async account(@Arg('ref', () => AccountRef) ref: AccountRef, @Ctx() { db, identityCache }: IdentityContext, @Info() info: GraphQLResolveInfo): Promise<Account | null> {
    const { app, externalId } = validateRef(ref);
    if (identityCache.enabled && cacheHolds(selectionOf(info))) {
      const identity = await identityOfRef(db, identityCache, app, externalId);
      // Only accounts with a member are cached; one without is read as it is.
      if (identity) return accountOf(identity);
    }
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
