import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { AccountRef } from './account.input';
import { validateRef } from './account.validate';
import { IdentityContext } from './identity.context';
import { Resolution } from './match.type';
import { resolveIdentity } from './resolution.repository';

@Resolver(() => Resolution)
export class ResolutionResolver {
  @Query(() => Resolution, { nullable: true, description: 'For a partner app: the member behind one of its accounts and the apps linked to it; null when unknown.' })
  async resolveIdentity(@Arg('ref', () => AccountRef) ref: AccountRef, @Ctx() { db, loaders }: IdentityContext): Promise<Resolution | null> {
    const { app, externalId } = validateRef(ref);
    const resolution = await resolveIdentity(db, app, externalId);
    // Fields below (member { benefits ... }) read the member through the loader: give it what this read found.
    if (resolution) loaders.memberById.prime(resolution.member.id, resolution.member);
    return resolution;
  }
}
