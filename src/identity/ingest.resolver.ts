import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { IdentityContext } from './identity.context';
import { AccountInput } from './account.input';
import { ingestAccount, ingestAccounts, MAX_ACCOUNTS_PER_CALL } from './ingest.service';
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

  @Mutation(() => [IngestResult], {
    description: `The bulk path: stores or updates 1 to ${MAX_ACCOUNTS_PER_CALL} accounts in one transaction, all or none (an invalid input refuses the batch, extensions.index says which), matched as if upserted one by one in input order. One result per input, in order.`,
  })
  async upsertAccounts(@Arg('inputs', () => [AccountInput]) inputs: AccountInput[], @Ctx() { db, config, loaders }: IdentityContext): Promise<IngestResult[]> {
    const outcomes = await ingestAccounts(db, config, inputs);
    // One read of the members the batch wrote to (a member merged later in the batch answers as its survivor).
    const members = await loaders.memberById.loadMany(outcomes.map((o) => o.memberId));
    return outcomes.map((o, i) => {
      const member = members[i];
      if (!member || member instanceof Error) throw member ?? new Error(`member ${o.memberId} of an upserted account was not found after the commit`);
      return { account: o.account, member, decision: o.decision, mergedMemberIds: o.mergedMemberIds };
    });
  }
}
