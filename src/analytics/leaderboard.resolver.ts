import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { AnalyticsContext } from './analytics.context';
import { MemberOpsMetric } from './leaderboard.rules';
import { leaderboard } from './leaderboard.service';
import { LeaderboardEntry } from './leaderboard.type';

@Resolver()
export class LeaderboardResolver {
  @Query(() => [LeaderboardEntry], { description: "The top brands of an industry on one member-operations metric over [from, to); analysts." })
  leaderboard(
    @Arg('metric', () => MemberOpsMetric) metric: MemberOpsMetric,
    @Arg('industry', () => String) industry: string,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Ctx() context: AnalyticsContext,
  ): Promise<LeaderboardEntry[]> {
    return leaderboard(context, metric, industry, from, to, first ?? 20);
  }
}
