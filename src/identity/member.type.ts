import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One person across the ecosystem: the owner of linked accounts on many apps.' })
export class Member {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => Int, { description: 'The loyalty score (Taoqi score) that gates 88VIP pricing and APASS invitations.' })
  loyaltyScore!: number;

  createdAt!: Date;
}
