import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireApp } from '../identity/app.registry';
import { Member } from '../identity/member.type';
import { RecommendationContext } from './recommendation.context';
import { listSignals } from './recommendation.repository';
import { checkRecommendationArgs, createRecommendationLoader, deleteSignal, saveSignal } from './recommendation.service';
import { CrossAppSignal, CrossAppSignalInput, Recommendation, SimilarityRefreshResult } from './recommendation.type';
import { refresherFor } from './similarity.refresh';

// One loader per request context, made on first use (the context is per request, so nothing is shared across requests).
const loaders = new WeakMap<RecommendationContext, ReturnType<typeof createRecommendationLoader>>();
function loaderOf(ctx: RecommendationContext): ReturnType<typeof createRecommendationLoader> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = createRecommendationLoader(ctx.db, ctx.config.recommendation, { now: ctx.now });
    loaders.set(ctx, loader);
  }
  return loader;
}

@Resolver(() => Member)
export class MemberRecommendationResolver {
  @FieldResolver(() => [Recommendation], {
    description:
      "Items on the app to offer the member, best first, each with why: activity on the member's other linked apps (cross-app signals), items bought by members with similar histories, the app's popular items when there is nothing else, and a boost where the member's membership discounts the brand.",
  })
  recommendations(
    @Root() member: Member,
    @Arg('app', () => String) app: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number,
    @Ctx() ctx: RecommendationContext,
  ): Promise<Recommendation[]> {
    checkRecommendationArgs(app, first);
    return loaderOf(ctx).load({ memberId: member.id, app, first });
  }
}

@Resolver()
export class CrossAppSignalResolver {
  @Query(() => [CrossAppSignal], { description: 'The cross-app signals, optionally only those suggesting categories on one app.' })
  crossAppSignals(@Arg('app', () => String, { nullable: true }) app: string | null, @Ctx() { db }: RecommendationContext): Promise<CrossAppSignal[]> {
    if (app) requireApp(app);
    return listSignals(db, app);
  }

  @Mutation(() => CrossAppSignal, { description: 'Creates or replaces a cross-app signal; it counts from the next request.' })
  setCrossAppSignal(@Arg('input', () => CrossAppSignalInput) input: CrossAppSignalInput, @Ctx() { db }: RecommendationContext): Promise<CrossAppSignal> {
    return saveSignal(db, { ...input });
  }

  @Mutation(() => Boolean, { description: 'Removes a cross-app signal; false when there was none.' })
  removeCrossAppSignal(
    @Arg('fromApp', () => String) fromApp: string,
    @Arg('fromCategory', () => String) fromCategory: string,
    @Arg('toApp', () => String) toApp: string,
    @Arg('toCategory', () => String) toCategory: string,
    @Ctx() { db }: RecommendationContext,
  ): Promise<boolean> {
    return deleteSignal(db, { fromApp, fromCategory, toApp, toCategory });
  }

  @Mutation(() => SimilarityRefreshResult, { description: 'Recomputes item similarity and popularity now, instead of at the next background refresh.' })
  refreshRecommendations(@Ctx() { db, config, log }: RecommendationContext): Promise<SimilarityRefreshResult> {
    return refresherFor(db, config.recommendation, log).refreshNow();
  }
}
