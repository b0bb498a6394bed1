import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { IdentityContext } from './identity.context';
import { listReviews } from './review.repository';
import { ReviewCandidate, ReviewStatus, RuleHit } from './match.type';
import { Member } from './member.type';
import { acceptReview, rejectReview } from './review.service';
import { requireFirst } from '../platform/page';

@Resolver()
export class ReviewResolver {
  @Query(() => [ReviewCandidate], { description: 'The match review queue, highest score first.' })
  async reviewQueue(
    @Arg('status', () => ReviewStatus, { defaultValue: ReviewStatus.OPEN }) status: ReviewStatus,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('accountId', () => ID, { nullable: true, description: 'Only candidates involving this account.' }) accountId: string | null,
    @Ctx() { db }: IdentityContext,
  ): Promise<ReviewCandidate[]> {
    requireFirst(first, 500);
    const reviews = await listReviews(db, status, first, accountId);
    return reviews.map((r) => ({ ...r, status: r.status as ReviewStatus, account: r.subject, candidate: r.other, hits: (JSON.parse(r.hits) as Partial<RuleHit>[]).map((h) => ({ level: null, tfAdjustment: 0, ...h }) as RuleHit) }));
  }

  @Mutation(() => Member, { description: 'Accepts a queued match: the two members merge. Returns the surviving member.' })
  async acceptMatch(@Arg('id', () => ID) id: string, @Ctx() { db, config, loaders }: IdentityContext): Promise<Member> {
    const memberId = await acceptReview(db, config, id);
    return (await loaders.memberById.load(memberId))!;
  }

  @Mutation(() => Boolean, { description: 'Rejects a queued match: the pair will not be linked or queued again by the same evidence.' })
  async rejectMatch(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { defaultValue: 'rejected in review' }) reason: string,
    @Ctx() { db }: IdentityContext,
  ): Promise<boolean> {
    await rejectReview(db, id, reason);
    return true;
  }
}
