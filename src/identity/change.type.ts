import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum IdentityChangeKind {
  LINKED = 'LINKED',
  MERGED = 'MERGED',
  UNLINKED = 'UNLINKED',
  SPLIT = 'SPLIT',
  ERASED = 'ERASED',
}
registerEnumType(IdentityChangeKind, {
  name: 'IdentityChangeKind',
  description:
    'LINKED: the accounts now belong to memberId. MERGED: mergedMemberIds merged into memberId, taking the accounts along. UNLINKED: the account left its member and is now memberId. SPLIT: memberId lost an account; the accounts listed stay with it. ERASED: memberId and the accounts were erased.',
});

@ObjectType({ description: 'An account, named as its app knows it.' })
export class AccountKey {
  @Field(() => String)
  app!: string;

  @Field(() => String)
  externalId!: string;
}

@ObjectType({ description: "One change of who-is-who, as a partner app sees it for its own accounts; offset orders them." })
export class IdentityChange {
  @Field(() => ID, { description: 'Increasing across all changes (with gaps per app); pass it as `after` to read on.' })
  offset!: string;

  @Field(() => IdentityChangeKind)
  kind!: IdentityChangeKind;

  @Field(() => Date)
  at!: Date;

  @Field(() => ID, { nullable: true })
  memberId!: string | null;

  @Field(() => [AccountKey], { description: "Only the app's own accounts." })
  accounts!: AccountKey[];

  @Field(() => [ID], { description: 'Only members that held one of the app\'s accounts.' })
  mergedMemberIds!: string[];
}
