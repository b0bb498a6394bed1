import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: "A brand's store on one app (its official store on TMALL, its shop on ELEME...)." })
export class Store {
  @Field(() => ID, { description: 'The brand id and the app code, e.g. brand-nike@TMALL.' })
  id!: string;

  @Field(() => String, { description: 'The app code the store is on.' })
  app!: string;

  @Field(() => String)
  name!: string;
}

@ObjectType({ description: 'A brand with official stores in the ecosystem.' })
export class Brand {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  industry!: string;

  @Field(() => Boolean, { description: 'A luxury brand: buying from it makes a member a luxury buyer.' })
  luxury!: boolean;

  @Field(() => [String], { description: 'Programs whose brand discount this brand honours, e.g. 88VIP.' })
  participatesIn!: string[];

  @Field(() => [Store], { description: "The brand's stores, one per app, by app code." })
  stores!: Store[];
}
