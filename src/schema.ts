import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchemaSync } from 'type-graphql';
import { AccountResolver } from './identity/account.resolver';
import { IngestResolver } from './identity/ingest.resolver';
import { MatchResolver } from './identity/match.resolver';
import { MemberResolver } from './identity/member.resolver';
import { ResolutionResolver } from './identity/resolution.resolver';
import { ReviewResolver } from './identity/review.resolver';

/** The whole GraphQL schema; every domain's resolvers are listed here. */
export function buildGraphQLSchema(): GraphQLSchema {
  return buildSchemaSync({
    resolvers: [MemberResolver, AccountResolver, IngestResolver, MatchResolver, ReviewResolver, ResolutionResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
  });
}
