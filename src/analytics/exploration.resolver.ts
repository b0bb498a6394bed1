import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { AccountRef } from '../identity/account.input';
import { AnalyticsContext } from './analytics.context';
import { neighborhood, shortestPath, shortestPathByIds } from './exploration.service';
import { GraphPath, Subgraph } from './exploration.type';

@Resolver()
export class ExplorationResolver {
  @Query(() => Subgraph, { description: 'The graph around a member, account, brand, store, tag or item: depth 1 to 3, at most limit nodes; analysts.' })
  neighborhood(
    @Arg('id', () => ID) id: string,
    @Arg('depth', () => Int, { nullable: true, defaultValue: 2 }) depth: number | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 200 }) limit: number | null,
    @Ctx() context: AnalyticsContext,
  ): Promise<Subgraph> {
    return neighborhood(context, id, depth ?? 2, limit ?? 200);
  }

  @Query(() => GraphPath, { nullable: true, description: 'The shortest chain of links and shared identifiers between two accounts, with the evidence on each link; null when no chain joins them (NOT_FOUND when an account does not exist); analysts.' })
  shortestPath(@Arg('a', () => AccountRef) a: AccountRef, @Arg('b', () => AccountRef) b: AccountRef, @Ctx() context: AnalyticsContext): Promise<GraphPath | null> {
    return shortestPath(context, a, b);
  }

  @Query(() => GraphPath, { nullable: true, description: 'shortestPath for two accounts given by id (analysts read external ids masked, and name accounts by id).' })
  shortestPathByIds(@Arg('a', () => ID) a: string, @Arg('b', () => ID) b: string, @Ctx() context: AnalyticsContext): Promise<GraphPath | null> {
    return shortestPathByIds(context, a, b);
  }
}
