import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A member\'s membership of a paid program.' })
export class Membership {
  id!: string;

  @Field(() => String, { description: '88VIP or APASS.' })
  program!: string;

  @Field(() => String, { description: 'ACTIVE until `until`, then EXPIRED.' })
  status!: string;

  @Field(() => Date)
  since!: Date;

  @Field(() => Date, { nullable: true })
  until!: Date | null;

  @Field(() => Float, { nullable: true, description: 'RMB paid for the current period (88 or 888 for 88VIP).' })
  pricePaid!: number | null;

  @Field(() => Int, { description: 'How many times the membership was renewed.' })
  renewals!: number;
}

@ObjectType({ description: 'A benefit of a program, used on one app (and at some brands, for brand discounts).' })
export class Benefit {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  program!: string;

  @Field(() => String, { description: 'The life scenario: eat, play, listen, watch, shop, travel, health, finance or home.' })
  scenario!: string;

  appCode!: string;
  brandId!: string | null;

  @Field(() => Boolean, { description: 'True when it applies at every brand participating in the program.' })
  participatingBrands!: boolean;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => String, { nullable: true, description: 'RMB, PERCENT_OFF, MONTHS, ...' })
  valueUnit!: string | null;

  @Field(() => Int, { nullable: true, description: 'Uses allowed per period; null is unlimited.' })
  usageLimit!: number | null;

  @Field(() => String, { nullable: true, description: 'MONTH, YEAR or ONCE (calendar periods on the members\' clock).' })
  period!: string | null;

  @Field(() => Date, { nullable: true })
  validFrom!: Date | null;

  @Field(() => Date, { nullable: true })
  validTo!: Date | null;

}

@ObjectType({ description: 'Whether a member may use a benefit now, with reasons a support agent can read.' })
export class BenefitEligibility {
  @Field(() => Benefit)
  benefit!: Benefit;

  @Field(() => Boolean)
  eligible!: boolean;

  @Field(() => [String], { description: 'e.g. "no linked ELEME account", "limit reached (4 of 4 this month)". Partner apps read them without membership dates.' })
  reasons!: string[];

  /** The reasons a partner app reads (access policy). */
  publicReasons!: string[];

  @Field(() => Int, { nullable: true, description: 'Uses left in the current period; null when unlimited.' })
  remainingUses!: number | null;
}

@ObjectType({ description: 'Whether a member may join a program now, at what price, and why.' })
export class ProgramEligibility {
  @Field(() => String)
  program!: string;

  @Field(() => Boolean)
  eligible!: boolean;

  @Field(() => Float, { nullable: true, description: 'RMB a year; null for invitation-only programs.' })
  price!: number | null;

  @Field(() => [String])
  reasons!: string[];

  @Field(() => Boolean, { description: 'For invitation-only programs: whether the member meets the bar to be invited.' })
  invitable!: boolean;
}

@ObjectType({ description: 'One use of a benefit.' })
export class Redemption {
  @Field(() => ID)
  id!: string;

  benefitId!: string;

  @Field(() => Benefit)
  benefit!: Benefit;

  @Field(() => Date)
  redeemedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Uses left in the period right after this one.' })
  remainingUses!: number | null;
}

@ObjectType({ description: 'A change of a member\'s loyalty score.' })
export class LoyaltyScoreChange {
  @Field(() => Int)
  score!: number;

  @Field(() => Int, { nullable: true })
  previous!: number | null;

  @Field(() => Date)
  at!: Date;
}
