import { Arg, Ctx, ID, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { changeStream } from './change.stream';
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

  @Subscription(() => IdentityChange, {
    name: 'identityChanges',
    description: "The identity changes concerning an app's accounts, live: from `after` (replay) or from now on, in offset order.",
    subscribe: async ({ args, context }) => {
      const { db, config } = context as IdentityContext;
      requireApp(args.app);
      const after = args.after === undefined || args.after === null ? null : parseOffset(args.after);
      // A replay from before the retention is refused before the stream starts (CHANGES_EXPIRED), as the query is.
      if (after !== null) await readChanges(db, args.app, after, 1);
      return changeStream(db, args.app, after, config.changesPollMs);
    },
  })
  identityChangesStream(
    @Root() change: IdentityChange,
    @Arg('app', () => String) _app: string,
    @Arg('after', () => ID, { nullable: true, description: 'Replay from after this offset; left out: only changes from now on.' }) _after: string | null,
  ): IdentityChange {
    return change;
  }
}
