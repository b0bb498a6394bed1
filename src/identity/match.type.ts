import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Account } from './account.type';
import { MatchDecision } from './matching.rules';
import { Member } from './member.type';
import { connectionType } from '../platform/connection.type';

@ObjectType({ description: 'One comparison of two accounts: its level and the match weight it contributed.' })
export class RuleHit {
  @Field(() => String, { description: 'ID_DOCUMENT, PAYMENT_ID, PHONE, EMAIL, DEVICE_ID, NAME, BIRTH_DATE or CITY.' })
  rule!: string;

  @Field(() => String, { nullable: true, description: 'EXACT, CLOSE, SIMILAR, PARTIAL, DIFFERENT or MISSING; null on reviews queued before comparison levels.' })
  level!: string | null;

  @Field(() => Float, {
    description: 'Match weight in bits, log2(m/u) plus tfAdjustment: > 0 for, < 0 against; 0 when the evidence is missing or does not count (an over-shared identifier).',
  })
  weight!: number;

  @Field(() => Float, { description: 'The part of weight due to how common the agreed name or city is (negative for "Wang Wei", positive for a rare name).', defaultValue: 0 })
  tfAdjustment!: number;

  @Field(() => String, { description: 'Names the kind of evidence; never a raw or hashed value.' })
  detail!: string;
}

@ObjectType({ description: 'One step of the waterfall: the match weight after adding a comparison, and the probability it gives.' })
export class WaterfallStep {
  @Field(() => String, { description: 'PRIOR, then each comparison\'s rule.' })
  rule!: string;

  @Field(() => String, { nullable: true })
  level!: string | null;

  @Field(() => Float)
  weight!: number;

  @Field(() => Float)
  tfAdjustment!: number;

  @Field(() => Float, { description: 'The prior plus this and every earlier step, in bits.' })
  cumulativeWeight!: number;

  @Field(() => Float, { description: '1 / (1 + 2^-cumulativeWeight).' })
  probability!: number;
}

@ObjectType({ description: 'Why two accounts are or are not one person, by the model ingest uses.' })
export class MatchExplanation {
  @Field(() => MatchDecision)
  decision!: MatchDecision;

  @Field(() => Float, { description: 'P(same person) = 1 / (1 + 2^-matchWeight), from 0 to 1.' })
  score!: number;

  @Field(() => Float, { description: 'The prior plus every comparison\'s weight, in bits (log2 of the odds of one person).' })
  matchWeight!: number;

  @Field(() => Float, { description: 'The model\'s prior match weight, in bits.' })
  priorWeight!: number;

  @Field(() => [RuleHit], { description: 'Every comparison, in a fixed order.' })
  hits!: RuleHit[];

  @Field(() => [WaterfallStep], { description: 'The prior, then each comparison adding its weight: a waterfall chart\'s bars.' })
  waterfall!: WaterfallStep[];

  @Field(() => String, { nullable: true, description: 'When the model was trained (npm run match:train); null for the starting model.' })
  modelTrainedAt!: string | null;
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

export const ReviewCandidateConnection = connectionType(ReviewCandidate, 'ReviewCandidate', 'A page of review candidates, highest score first (then oldest first).');

@ObjectType({ description: 'A change of identity: a merge, link, unlink, review decision or erasure.' })
export class AuditEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'MERGE, LINK, UNLINK, REVIEW_ACCEPTED, REVIEW_REJECTED, ERASE, CONSENT_WITHDRAWN (rules: the purposes withdrawn), OVER_SHARED_SPLIT or OVER_SHARED_REVIEW (an identifier passed IDENTIFIER_MAX_ACCOUNTS: accounts it alone joined were split off, or kept with a review queued; rules: its kind, then what still counts).' })
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

export const AuditEventConnection = connectionType(AuditEvent, 'AuditEvent', "A page of a member's audit trail, newest first.");
