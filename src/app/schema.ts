import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchemaSync, MiddlewareFn } from 'type-graphql';
import { ACCESS_POLICY } from './access.policy';
import { clearLoaders, Context } from './context';
import { BrandResolver } from '../catalog/brand.resolver';
import { authorize } from '../platform/auth/authorize.middleware';
import { rejectUnsafeText } from '../platform/input.hygiene';
import { AccountResolver } from '../identity/account.resolver';
import { IngestResolver } from '../identity/ingest.resolver';
import { MatchResolver } from '../identity/match.resolver';
import { MemberResolver } from '../identity/member.resolver';
import { ResolutionResolver } from '../identity/resolution.resolver';
import { ReviewResolver } from '../identity/review.resolver';
import { BenefitResolver } from '../membership/benefit.resolver';
import { MemberMembershipResolver, MembershipResolver } from '../membership/membership.resolver';
import { EventResolver } from '../recommendation/event.resolver';

/** Each mutation root field reads from empty loaders: nothing it answers was cached before its write. */
const freshReadsInMutations: MiddlewareFn<Context> = ({ info, context }, next) => {
  if (info.parentType.name === 'Mutation') clearLoaders(context);
  return next();
};

/** The whole GraphQL schema; every domain's resolvers are listed here. */
export function buildGraphQLSchema(): GraphQLSchema {
  return buildSchemaSync({
    resolvers: [
      MemberResolver,
      AccountResolver,
      IngestResolver,
      MatchResolver,
      ReviewResolver,
      ResolutionResolver,
      MemberMembershipResolver,
      MembershipResolver,
      BenefitResolver,
      BrandResolver,
      EventResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    globalMiddlewares: [rejectUnsafeText, authorize(ACCESS_POLICY), freshReadsInMutations],
    validate: false,
  });
}
