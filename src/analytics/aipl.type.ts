import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Brand, Store } from '../catalog/brand.type';
import { AiplStage } from './aipl.rules';

registerEnumType(AiplStage, { name: 'AiplStage', description: "A member's stage with a brand: Awareness, Interest, Purchase, Loyalty." });

@ObjectType({ description: 'How many are in one AIPL stage (their deepest stage in the window).' })
export class AiplCount {
  @Field(() => AiplStage)
  stage!: AiplStage;

  @Field(() => Int, { description: 'Members, each counted once across all of its linked accounts.' })
  members!: number;

  @Field(() => Int, { description: "Accounts, each on its own from its own events: what adding up every app's own counts gives." })
  accounts!: number;
}

@ObjectType({ description: "A brand's funnel within one app: its store there, or another touchpoint (an ad on YOUKU)." })
export class AppFunnel {
  @Field(() => String)
  app!: string;

  @Field(() => Store, { nullable: true, description: "The brand's store on this app; null when the brand has none there." })
  store!: Store | null;

  @Field(() => [AiplCount], { description: 'Members counted once within this app (a member with two accounts here is one), and accounts.' })
  stages!: AiplCount[];
}

@ObjectType({ description: 'Members who were in one stage in the first window and another in the second.' })
export class AiplTransition {
  @Field(() => AiplStage, { nullable: true, description: 'Stage in the funnel\'s window; null: no stage then.' })
  before!: AiplStage | null;

  @Field(() => AiplStage, { nullable: true, description: 'Stage in the second window; null: no stage then.' })
  after!: AiplStage | null;

  @Field(() => Int)
  members!: number;
}

@ObjectType({ description: "A brand's AIPL funnel over a window [from, to)." })
export class AiplFunnel {
  @Field(() => Brand)
  brand!: Brand;

  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => [AiplCount], { description: 'All four stages, shallowest first, for the whole brand.' })
  stages!: AiplCount[];

  @Field(() => [AppFunnel], { description: 'The same per app (per store), by app code.' })
  apps!: AppFunnel[];
}
