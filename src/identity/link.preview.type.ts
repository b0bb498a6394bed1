import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What linking two accounts would change, computed by the same code as the link, without writing.' })
export class LinkPreview {
  @Field(() => Boolean, { description: 'False when a limit would refuse the link (reasons say which).' })
  allowed!: boolean;

  @Field(() => [String])
  reasons!: string[];

  @Field(() => ID, { nullable: true, description: 'The member both accounts would belong to.' })
  survivorId!: string | null;

  @Field(() => Int, { description: 'Accounts that would change member (those of the member merged away).' })
  accountsMoved!: number;

  @Field(() => Int, { description: 'Open reviews between accounts the link would join, which it would settle (accepted).' })
  reviewsResolved!: number;

  @Field(() => [String], { description: 'Ids of benefits the member could use after the link and neither member could before.' })
  benefitsGained!: string[];

  @Field(() => [String], { description: 'Ids of benefits usable before (by either member) and not after, e.g. a limit now reached across the joined uses.' })
  benefitsLost!: string[];
}
