import { Field, ID, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../platform/connection.type';

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

export const MemberConnection = connectionType(Member, 'Member', 'A page of members, in member-id order.');
