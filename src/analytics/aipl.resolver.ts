import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { AnalyticsContext } from './analytics.context';
import { aiplFlow, aiplFunnel } from './aipl.service';
import { AiplFunnel, AiplTransition } from './aipl.type';

@Resolver(() => AiplFunnel)
export class AiplResolver {
  @Query(() => AiplFunnel, { description: "A brand's AIPL funnel over [from, to) (default: the year up to now); analysts." })
  aiplFunnel(
    @Arg('brandId', () => ID) brandId: string,
    @Arg('from', () => Date, { nullable: true }) from: Date | null,
    @Arg('to', () => Date, { nullable: true }) to: Date | null,
    @Ctx() context: AnalyticsContext,
  ): Promise<AiplFunnel> {
    return aiplFunnel(context, brandId, from, to);
  }

  @FieldResolver(() => [AiplTransition], { description: "How members moved from their stage in this funnel's window to their stage in [from, to)." })
  flow(
    @Root() funnel: AiplFunnel,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Ctx() context: AnalyticsContext,
  ): Promise<AiplTransition[]> {
    return aiplFlow(context, funnel, from, to);
  }
}
