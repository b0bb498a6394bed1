import { Field, InputType } from 'type-graphql';
import { IdentifierInput } from './identifier.type';

@InputType({ description: 'An account is addressed by the app it lives on and that app\'s own id for it.' })
export class AccountRef {
  @Field(() => String, { description: 'An app code, e.g. "TAOBAO", "ELEME"; unknown codes are an UNKNOWN_APP error.' })
  app!: string;

  @Field(() => String)
  externalId!: string;
}

@InputType()
export class AccountInput {
  @Field(() => String)
  app!: string;

  @Field(() => String)
  externalId!: string;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  birthDate?: string | null;

  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => [IdentifierInput])
  identifiers!: IdentifierInput[];
}
