import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { badInput } from '../platform/errors';
import { requireApp } from './app.registry';
import { IdentityChange } from './change.type';
import { MAX_CHANGES_READ, parseOffset, readChanges } from './change.repository';
import { IdentityContext } from './identity.context';

@Resolver()
export class ChangeResolver {
  @Query(() => [IdentityChange], { description: "The identity changes concerning an app's accounts after an offset, oldest first: a partner's feed and its replay." })
  identityChanges(
    @Arg('app', () => String) app: string,
    @Arg('after', () => ID, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number | null,
    @Ctx() { db }: IdentityContext,
  ): Promise<IdentityChange[]> {
    requireApp(app);
    const count = first ?? 100;
    if (!Number.isInteger(count) || count < 1 || count > MAX_CHANGES_READ) throw badInput(`first must be 1 to ${MAX_CHANGES_READ}`, 'first');
    return readChanges(db, app, parseOffset(after), count);
  }
}
