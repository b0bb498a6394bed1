import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { IdentityContext } from './identity.context';
import { listReviews } from './review.repository';
import { ReviewCandidate, ReviewCandidateConnection, ReviewStatus } from './match.type';
import { Member } from './member.type';
import { acceptReview, rejectReview, reviewConnection, toReviewCandidate } from './review.service';
import { requireFirst } from '../platform/page';
import { Connection } from '../platform/connection';

@Resolver()
export class ReviewResolver {
  @Query(() => ReviewCandidateConnection, {
    description: 'Review candidates by cursor, highest score first, then oldest first: of one status (default every status), optionally only those involving one account; first: 1 to 100; analysts.',
  })
  reviews(
    @Arg('status', () => ReviewStatus, { nullable: true }) status: ReviewStatus | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the page before; null for the first page.' }) after: string | null,
    @Arg('accountId', () => ID, { nullable: true, description: 'Only candidates involving this account.' }) accountId: string | null,
    @Ctx() { db }: IdentityContext,
  ): Promise<Connection<ReviewCandidate>> {
    return reviewConnection(db, { status: status ?? null, accountId: accountId ?? null }, first ?? 20, after ?? null);
  }

  @Query(() => [ReviewCandidate], { description: 'The match review queue, highest score first (reviews pages the same list by cursor).' })
  async reviewQueue(
    @Arg('status', () => ReviewStatus, { defaultValue: ReviewStatus.OPEN }) status: ReviewStatus,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('accountId', () => ID, { nullable: true, description: 'Only candidates involving this account.' }) accountId: string | null,
    @Ctx() { db }: IdentityContext,
  ): Promise<ReviewCandidate[]> {
    requireFirst(first, 500);
    const reviews = await listReviews(db, status, first, accountId);
    return reviews.map(toReviewCandidate);
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
