import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Brand, Store } from '../catalog/brand.type';
import { MemberOpsMetric } from './leaderboard.rules';

registerEnumType(MemberOpsMetric, { name: 'MemberOpsMetric', description: 'A step of member operations: recruitment, first purchase, repurchase, propagation.' });

@ObjectType({ description: "A store's value of the leaderboard's metric." })
export class StoreValue {
  @Field(() => Store)
  store!: Store;

  @Field(() => Int, { description: 'Members counted within this store (the same member definition as the whole brand).' })
  value!: number;

  @Field(() => Int, { description: "Rank among the brand's stores (competition ranking, ties by app code)." })
  rank!: number;
}

@ObjectType({ description: 'A brand on a member-operations leaderboard.' })
export class LeaderboardEntry {
  @Field(() => Int, { description: 'Competition ranking: equal values share a rank (1, 2, 2, 4); ties listed by brand name.' })
  rank!: number;

  @Field(() => Brand)
  brand!: Brand;

  @Field(() => Int, { description: 'Members, each counted once across all of its linked accounts and stores.' })
  value!: number;

  @Field(() => [StoreValue], { description: "The same per store of the brand." })
  stores!: StoreValue[];
}
