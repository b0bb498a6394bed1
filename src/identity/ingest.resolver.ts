import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { IdentityContext } from './identity.context';
import { AccountInput } from './account.input';
import { ingestAccount } from './ingest.service';
import { IngestResult } from './ingest.type';

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestResult, { description: 'Stores or updates an account with its identifiers; idempotent on (app, externalId).' })
  async upsertAccount(@Arg('input', () => AccountInput) input: AccountInput, @Ctx() { db, config, loaders }: IdentityContext): Promise<IngestResult> {
    const outcome = await ingestAccount(db, config, input);
    // What the write produced answers the mutation, and fields below (member { accounts }) read on from it.
    loaders.memberById.prime(outcome.member.id, outcome.member);
    return { account: outcome.account, member: outcome.member, decision: outcome.decision, mergedMemberIds: outcome.mergedMemberIds };
  }
}
