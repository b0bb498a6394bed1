import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { App } from '../identity/app.type';
import { SignalKind } from './ranking.rules';

registerEnumType(SignalKind, { name: 'RecommendationSignal', description: 'The kinds of evidence behind a recommendation.' });

@ObjectType({ description: 'An item recommended to a member on one app, with why.' })
export class Recommendation {
  @Field(() => ID, { description: 'The item id.' })
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => App, { description: 'The app the item is on.' })
  app!: App;

  @Field(() => Float, { description: 'Higher is better; comparable within one answer only.' })
  score!: number;

  @Field(() => String, {
    description: 'Why, naming the evidence ("booked an international flight to Amsterdam on FLIGGY 2 days ago"). Partners read "based on your activity in the ecosystem" instead of evidence from other apps.',
  })
  reason!: string;

  @Field(() => String, { description: 'The item category on its app, e.g. sim.international.' })
  category!: string;

  @Field(() => Float, { nullable: true, description: 'RMB.' })
  price!: number | null;

  @Field(() => ID, { nullable: true })
  brandId!: string | null;

  @Field(() => [SignalKind], { description: 'Every kind of evidence that added to the score, strongest first.' })
  signals!: SignalKind[];

  /** The reason without evidence from other apps than `app`: what partners read. */
  publicReason!: string;
}

@ObjectType({ description: '"Activity in a category on one app suggests a category on another", with a weight, a window and a decay.' })
export class CrossAppSignal {
  @Field(() => String)
  fromApp!: string;

  @Field(() => String, { description: 'Also covers its subcategories: "music" covers "music.pop".' })
  fromCategory!: string;

  @Field(() => String)
  toApp!: string;

  @Field(() => String)
  toCategory!: string;

  @Field(() => Float, { description: 'From 0 to 10; 1 is a strong signal.' })
  weight!: number;

  @Field(() => Int, { description: 'Days after the activity during which it counts.' })
  windowDays!: number;

  @Field(() => Float, { description: 'Days after which the signal is worth half.' })
  halfLifeDays!: number;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;
}

@InputType({ description: 'A cross-app signal to create or replace (keyed by its two app categories).' })
export class CrossAppSignalInput {
  @Field(() => String)
  fromApp!: string;

  @Field(() => String)
  fromCategory!: string;

  @Field(() => String)
  toApp!: string;

  @Field(() => String)
  toCategory!: string;

  @Field(() => Float)
  weight!: number;

  @Field(() => Int)
  windowDays!: number;

  @Field(() => Float)
  halfLifeDays!: number;
}

@ObjectType({ description: 'One refresh of item similarity and popularity.' })
export class SimilarityRefreshResult {
  @Field(() => String, { description: 'gds (Graph Data Science node similarity) or cypher (the co-purchase query).' })
  engine!: string;

  @Field(() => Int, { description: 'Items with at least one similar item.' })
  items!: number;

  @Field(() => Int, { description: 'SIMILAR relationships computed (and stored, unless superseded).' })
  pairs!: number;

  @Field(() => Int)
  tookMs!: number;

  @Field(() => Date)
  at!: Date;

  @Field(() => Boolean, {
    description:
      'True when these pairs were not stored because a refresh begun later (on another instance) had stored its own, which are at least as fresh.',
  })
  superseded!: boolean;
}
