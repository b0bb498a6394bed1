import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A brand with official stores in the ecosystem.' })
export class Brand {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  industry!: string;

  @Field(() => [String], { description: 'Programs whose brand discount this brand honours, e.g. 88VIP.' })
  participatesIn!: string[];
}
