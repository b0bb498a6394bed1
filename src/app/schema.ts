import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchemaSync, getMetadataStorage, PubSub } from 'type-graphql';
import { ACCESS_POLICY } from './access.policy';
import { clearLoaders, Context } from './context';
import { AiplResolver } from '../analytics/aipl.resolver';
import { ExplorationResolver } from '../analytics/exploration.resolver';
import { LeaderboardResolver } from '../analytics/leaderboard.resolver';
import { PropagationResolver } from '../analytics/propagation.resolver';
import { MemberTagsResolver } from '../analytics/member-tags.resolver';
import { SegmentResolver } from '../analytics/segment.resolver';
import { BrandResolver } from '../catalog/brand.resolver';
import { authorize, guardSubscriptions } from '../platform/auth/authorize.middleware';
import { FieldMiddleware, gateEveryField } from '../platform/field.gate';
import { assertSafeArguments } from '../platform/input.hygiene';
import { AccountResolver } from '../identity/account.resolver';
import { IngestResolver } from '../identity/ingest.resolver';
import { LinkResolver } from '../identity/link.resolver';
import { MatchResolver } from '../identity/match.resolver';
import { MemberResolver } from '../identity/member.resolver';
import { ResolutionResolver } from '../identity/resolution.resolver';
import { ReviewResolver } from '../identity/review.resolver';
import { ChangeResolver } from '../identity/change.resolver';
import { BenefitResolver } from '../membership/benefit.resolver';
import { MemberMembershipResolver, MembershipResolver } from '../membership/membership.resolver';
import { EventResolver } from '../recommendation/event.resolver';
import { CrossAppSignalResolver, MemberRecommendationResolver } from '../recommendation/recommendation.resolver';

const authorizeField = authorize(ACCESS_POLICY);

/**
 * The one middleware every field passes (field.gate.ts, not type-graphql's global middlewares, which made every
 * field asynchronous): safe argument text, access, and for each mutation root field, empty loaders once access is
 * decided, so nothing it answers was cached before its write.
 */
const fieldGate: FieldMiddleware<Context> = (action, next) => {
  assertSafeArguments(action.args, action.info);
  if (action.info.parentType.name !== 'Mutation') return authorizeField(action, next);
  return authorizeField(action, () => {
    clearLoaders(action.context);
    return next();
  });
};

/**
 * type-graphql wants a PubSub even when every subscription brings its own `subscribe`. Ours read the outbox in the
 * graph (identity/change.stream.ts), which sees every instance's writes; in-process topics would not, so none exist.
 */
const NO_TOPICS: PubSub = {
  publish: () => {
    throw new Error('subscriptions read the outbox; there are no in-process topics');
  },
  subscribe: () => {
    throw new Error('subscriptions read the outbox; there are no in-process topics');
  },
};

/**
 * type-graphql records a method's parameters as their decorators run, which is last to first, and gives a field its
 * arguments in that order: the SDL listed `aiplFunnel(to, from, brandId)`. Putting each method's parameters back in
 * declared order before the schema is built makes every field's arguments read as its resolver declares them
 * (resolvers get their values by parameter index either way).
 */
function argumentsInDeclaredOrder(): void {
  const { params } = getMetadataStorage();
  const byMethod = new Map<unknown, Map<string, typeof params>>();
  for (const param of params) {
    const methods = byMethod.get(param.target) ?? new Map<string, typeof params>();
    byMethod.set(param.target, methods);
    methods.set(param.methodName, [...(methods.get(param.methodName) ?? []), param]);
  }
  const ordered = [...byMethod.values()].flatMap((methods) => [...methods.values()].flatMap((list) => list.sort((a, b) => a.index - b.index)));
  params.splice(0, params.length, ...ordered);
}

/** The whole GraphQL schema; every domain's resolvers are listed here. */
export function buildGraphQLSchema(): GraphQLSchema {
  argumentsInDeclaredOrder();
  const schema = buildSchemaSync({
    resolvers: [
      MemberResolver,
      AccountResolver,
      LinkResolver,
      IngestResolver,
      MatchResolver,
      ReviewResolver,
      ResolutionResolver,
      MemberMembershipResolver,
      MembershipResolver,
      BenefitResolver,
      BrandResolver,
      EventResolver,
      MemberRecommendationResolver,
      CrossAppSignalResolver,
      AiplResolver,
      SegmentResolver,
      MemberTagsResolver,
      LeaderboardResolver,
      ExplorationResolver,
      PropagationResolver,
      ChangeResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
    pubSub: NO_TOPICS,
  });
  return guardSubscriptions(gateEveryField(schema, fieldGate), ACCESS_POLICY);
}
