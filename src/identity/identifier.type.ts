import { Field, InputType, ObjectType } from 'type-graphql';
import { IdentifierKind } from './identifier.kind';

@ObjectType({ description: 'An identifier of an account, shown only masked; raw values are never stored or returned.' })
export class Identifier {
  @Field(() => IdentifierKind)
  kind!: IdentifierKind;

  @Field(() => String, { description: 'e.g. 138****1234, l***@example.com' })
  masked!: string;
}

@InputType()
export class IdentifierInput {
  @Field(() => IdentifierKind)
  kind!: IdentifierKind;

  @Field(() => String, { description: 'Raw value; normalized, then stored only as a keyed hash.' })
  value!: string;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'True when the app verified that the account holder controls this identifier (an SMS code to the phone, a confirmed mail, a payment credential). ' +
      'Only a verified identifier lets a new account join a second existing member (merging them); other bridges go to review. Once verified, it stays so.',
  })
  verified?: boolean;
}
