import { Field, Float, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { AccountRef } from '../identity/account.input';

export enum EventType {
  VIEW = 'VIEW',
  CLICK = 'CLICK',
  SEARCH = 'SEARCH',
  FAVORITE = 'FAVORITE',
  ADD_TO_CART = 'ADD_TO_CART',
  PURCHASE = 'PURCHASE',
  REVIEW = 'REVIEW',
  SHARE = 'SHARE',
  JOIN_BRAND = 'JOIN_BRAND',
  BOOKING = 'BOOKING',
  PLAY = 'PLAY',
  CHECKUP = 'CHECKUP',
  /** The brand was shown to the member (an ad, a feed slot): AIPL awareness. */
  EXPOSURE = 'EXPOSURE',
  /** The member followed the brand's store: AIPL interest. */
  FOLLOW = 'FOLLOW',
  /** The member brought someone to the brand (a referral link): propagation. */
  REFERRAL = 'REFERRAL',
}
registerEnumType(EventType, { name: 'EventType', description: 'What a member did on an app.' });

@InputType({ description: 'Something a member did, on the app where it happened.' })
export class EventInput {
  @Field(() => AccountRef, { description: 'The account on the app where it happened.' })
  ref!: AccountRef;

  @Field(() => EventType)
  type!: EventType;

  @Field(() => Date)
  at!: Date;

  @Field(() => ID, { nullable: true })
  brandId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The catalog item it was about (on the same app); its category and brand fill those left out.' })
  itemId?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. "flight.international", "sim.international".' })
  category?: string | null;

  @Field(() => Float, { nullable: true, description: 'RMB, for PURCHASE and BOOKING.' })
  amount?: number | null;

  @Field(() => String, { nullable: true, description: 'e.g. a destination city.' })
  detail?: string | null;

  @Field(() => Int, { nullable: true, description: 'Stars of a REVIEW, 1 to 5.' })
  rating?: number | null;

  @Field(() => AccountRef, { nullable: true, description: 'SHARE and REFERRAL: the account it was shared with or referred (on the same app); the propagation graph of communities and influencers.' })
  to?: AccountRef | null;
}
