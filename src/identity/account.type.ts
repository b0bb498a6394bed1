import { Field, ID, ObjectType } from 'type-graphql';
import { Link } from './link.type';

@ObjectType({ description: 'An account on one app, belonging to one member.' })
export class Account {
  @Field(() => ID)
  id!: string;

  /** The app code; the App object is resolved by AccountResolver. */
  appCode!: string;

  @Field(() => String)
  externalId!: string;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => Link, { nullable: true })
  link!: Link | null;

  memberId!: string | null;
}
