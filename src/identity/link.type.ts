import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { ConsentPurpose } from './consent.purpose';

export enum LinkMethod {
  DETERMINISTIC = 'DETERMINISTIC',
  PROBABILISTIC = 'PROBABILISTIC',
  USER_ASSERTED = 'USER_ASSERTED',
  MANUAL = 'MANUAL',
}
registerEnumType(LinkMethod, { name: 'LinkMethod', description: 'How an account came to belong to its member.' });

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
}

@ObjectType({ description: 'Proof that an account\'s owner consents to linking it with another account: pass `token` to linkAccounts.' })
export class LinkConsent {
  @Field(() => String, { description: 'Signed by the server; single-use; names both accounts.' })
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;
}
