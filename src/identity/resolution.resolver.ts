import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';
import { selectionOf } from '../platform/selection';
import { AccountRef } from './account.input';
import { validateRef } from './account.validate';
import { IdentityContext } from './identity.context';
import { Resolution } from './match.type';
import { cacheHolds, identityOfRef, resolutionOf, resolveAndCache } from './resolution.repository';

@Resolver(() => Resolution)
export class ResolutionResolver {
  @Query(() => Resolution, { nullable: true, description: 'For a partner app: the member behind one of its accounts and the apps linked to it; null when unknown.' })
  async resolveIdentity(@Arg('ref', () => AccountRef) ref: AccountRef, @Ctx() { db, loaders, identityCache }: IdentityContext, @Info() info: GraphQLResolveInfo): Promise<Resolution | null> {
    const { app, externalId } = validateRef(ref);
    const selection = selectionOf(info);
    if (identityCache.enabled && cacheHolds(selection.get('account')) && cacheHolds(selection.get('member'))) {
      const identity = await identityOfRef(db, identityCache, app, externalId);
      return identity && resolutionOf(identity);
    }
    const resolution = await resolveAndCache(db, identityCache, app, externalId);
    // Fields below (member { benefits ... }) read the member through the loader: give it what this read found.
    if (resolution) loaders.memberById.prime(resolution.member.id, resolution.member);
    return resolution;
  }
}
