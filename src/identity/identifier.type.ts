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
}
