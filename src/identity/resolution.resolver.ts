import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';
import { selectionOf, SelectionTree } from '../platform/selection';
import { AccountRef } from './account.input';
import { validateRef } from './account.validate';
import { IdentityContext } from './identity.context';
import { Resolution } from './match.type';
import { resolveIdentity } from './resolution.repository';

/** Fields of the account and the member that the statement reads without details (the rest are resolved from ids). */
const ACCOUNT_WITHOUT_DETAILS = new Set(['id', 'externalId', 'app', 'identifiers', '__typename']);
const MEMBER_WITHOUT_DETAILS = new Set(['id', '__typename']);

const within = (fields: SelectionTree | undefined, allowed: Set<string>): boolean => [...(fields?.keys() ?? [])].every((f) => allowed.has(f));

@Resolver(() => Resolution)
export class ResolutionResolver {
  @Query(() => Resolution, { nullable: true, description: 'For a partner app: the member behind one of its accounts and the apps linked to it; null when unknown.' })
  async resolveIdentity(
    @Arg('ref', () => AccountRef) ref: AccountRef,
    @Ctx() { db, loaders }: IdentityContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Resolution | null> {
    const { app, externalId } = validateRef(ref);
    const asked = selectionOf(info);
    // Members' other fields (benefits, loyalty...) start from the whole member: any of them asks for the details.
    const details = !within(asked.get('account'), ACCOUNT_WITHOUT_DETAILS) || !within(asked.get('member'), MEMBER_WITHOUT_DETAILS);
    const resolution = await resolveIdentity(db, app, externalId, details);
    // Fields below (member { benefits ... }) read the member through the loader: give it what this read found.
    if (resolution && details) loaders.memberById.prime(resolution.member.id, resolution.member);
    return resolution;
  }
}
