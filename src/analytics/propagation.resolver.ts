import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { AnalyticsContext } from './analytics.context';
import { brandPropagation } from './propagation.service';
import { PropagationReport } from './propagation.type';

@Resolver()
export class PropagationResolver {
  @Query(() => PropagationReport, { description: "Who spreads a brand: communities (Louvain) and influencers (PageRank) of the members who shared or referred it over [from, to) (default: the year up to now); analysts." })
  brandPropagation(
    @Arg('brandId', () => ID) brandId: string,
    @Arg('from', () => Date, { nullable: true }) from: Date | null,
    @Arg('to', () => Date, { nullable: true }) to: Date | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number | null,
    @Ctx() context: AnalyticsContext,
  ): Promise<PropagationReport> {
    return brandPropagation(context, brandId, from, to, first ?? 10);
  }
}
