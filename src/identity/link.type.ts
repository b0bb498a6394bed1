import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConsentPurpose } from './consent.purpose';
import { RuleHit, WaterfallStep } from './match.type';

export enum LinkMethod {
  DETERMINISTIC = 'DETERMINISTIC',
  PROBABILISTIC = 'PROBABILISTIC',
  USER_ASSERTED = 'USER_ASSERTED',
  MANUAL = 'MANUAL',
}
registerEnumType(LinkMethod, { name: 'LinkMethod', description: 'How an account came to belong to its member.' });

@ObjectType({ description: 'What matching linked an account on, kept when it linked it: the comparison that decided, with the account it compared.' })
export class LinkEvidence {
  @Field(() => ID, { description: 'The account the link was decided against: the best-scoring account of the member the account joined.' })
  accountId!: string;

  @Field(() => Float, { description: 'P(same person) of that comparison, from 0 to 1.' })
  score!: number;

  @Field(() => Float, { description: 'The prior plus every comparison\'s weight, in bits.' })
  matchWeight!: number;

  @Field(() => Float)
  priorWeight!: number;

  @Field(() => [RuleHit], { description: 'Every comparison as it was made: a fuzzy identifier is its rule (PHONE) at level CLOSE.' })
  hits!: RuleHit[];

  @Field(() => [WaterfallStep], { description: 'The prior, then each comparison adding its weight.' })
  waterfall!: WaterfallStep[];
}

@ObjectType({ description: 'Why an account belongs to its member.' })
export class Link {
  @Field(() => LinkMethod)
  method!: LinkMethod;

  @Field(() => Float, { description: 'From 0 to 1.' })
  confidence!: number;

  @Field(() => Date)
  linkedAt!: Date;

  @Field(() => [String], { description: 'The names of the rules that decided the link, e.g. PHONE, NEW_MEMBER.' })
  rules!: string[];

  @Field(() => String, { nullable: true, description: 'For USER_ASSERTED links: the consent the member gave.' })
  consentId?: string | null;

  @Field(() => [ConsentPurpose], { description: 'What the link may be used for; readers of linked accounts use only the links consented for their purpose.' })
  purposes!: ConsentPurpose[];

  @Field(() => Date, { nullable: true, description: 'When the purposes were last consented to or withdrawn.' })
  consentAt?: Date | null;

  /** The evidence as stored (JSON text); the `evidence` field reads it (link.resolver.ts). */
  evidence?: string | null;
}

@ObjectType({ description: 'Proof that an account\'s owner consents to linking it with another account: pass `token` to linkAccounts.' })
export class LinkConsent {
  @Field(() => String, { description: 'Signed by the server; single-use; names both accounts.' })
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;
}
