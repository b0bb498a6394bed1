import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Account } from './account.type';
import { MatchDecision } from './matching.rules';
import { Member } from './member.type';

@ObjectType({ description: 'One matching rule that fired, with the weight it contributed.' })
export class RuleHit {
  @Field(() => String, { description: 'ID_DOCUMENT, PAYMENT_ID, PHONE, EMAIL, DEVICE_ID, NAME, BIRTH_DATE or CITY.' })
  rule!: string;

  @Field(() => Float, { description: '0 when the evidence was seen but does not count (an over-shared identifier, a contradiction).' })
  weight!: number;

  @Field(() => String, { description: 'Names the kind of evidence; never a raw or hashed value.' })
  detail!: string;
}

@ObjectType({ description: 'Why two accounts are or are not one person, by the rules ingest uses.' })
export class MatchExplanation {
  @Field(() => MatchDecision)
  decision!: MatchDecision;

  @Field(() => Float, { description: '1 - Π(1 - weight) over the hits, from 0 to 1.' })
  score!: number;

  @Field(() => [RuleHit])
  hits!: RuleHit[];
}

@ObjectType({ description: 'What a partner app learns about one of its accounts: the member and the apps linked to it.' })
export class Resolution {
  @Field(() => Account)
  account!: Account;

  @Field(() => Member)
  member!: Member;

  @Field(() => [String], { description: 'Codes of the apps on which the member has accounts.' })
  linkedApps!: string[];
}

export enum ReviewStatus {
  OPEN = 'OPEN',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}
registerEnumType(ReviewStatus, { name: 'ReviewStatus' });

@ObjectType({ description: 'A pair of accounts whose evidence was between the review and link thresholds, or broke a limit.' })
export class ReviewCandidate {
  @Field(() => ID)
  id!: string;

  @Field(() => Account, { description: 'The account whose ingest queued the pair.' })
  account!: Account;

  @Field(() => Account, { description: 'The account it resembles.' })
  candidate!: Account;

  @Field(() => Float)
  score!: number;

  @Field(() => [RuleHit])
  hits!: RuleHit[];

  @Field(() => ReviewStatus)
  status!: ReviewStatus;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;
}

@ObjectType({ description: 'A change of identity: a merge, link, unlink, review decision or erasure.' })
export class AuditEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'MERGE, LINK, UNLINK, REVIEW_ACCEPTED, REVIEW_REJECTED, ERASE or CONSENT_WITHDRAWN (rules: the purposes withdrawn).' })
  type!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => [String])
  rules!: string[];

  @Field(() => [String], { description: 'The identifier kinds that were the evidence (e.g. PHONE), never values.' })
  evidenceKinds!: string[];

  @Field(() => ID, { nullable: true })
  survivorId!: string | null;

  @Field(() => [ID])
  memberIds!: string[];

  @Field(() => ID, { nullable: true, description: 'The account whose ingest or change caused the event.' })
  accountId!: string | null;
}
