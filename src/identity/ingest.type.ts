import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Account } from './account.type';
import { MatchDecision } from './matching.rules';
import { Member } from './member.type';

registerEnumType(MatchDecision, { name: 'MatchDecision' });

@ObjectType({ description: 'What upsertAccount did with an account.' })
export class IngestResult {
  @Field(() => Account)
  account!: Account;

  @Field(() => Member)
  member!: Member;

  @Field(() => MatchDecision)
  decision!: MatchDecision;

  @Field(() => [ID], { description: 'Members merged into `member` by this ingest.' })
  mergedMemberIds!: string[];
}
