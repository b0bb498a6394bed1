import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Member } from '../identity/member.type';
import { AnalyticsLoaders } from './analytics.loaders';
import { RequestContext } from '../platform/request.context';

@Resolver(() => Member)
export class MemberTagsResolver {
  @FieldResolver(() => [String], { nullable: true, description: 'Tags set by hand and derived from the graph (88vip, region:..., age:..., app:...), sorted. Null (with a FORBIDDEN error) for a role that may not read them.' })
  tags(@Root() member: Member, @Ctx() { loaders }: RequestContext & { loaders: AnalyticsLoaders }): Promise<string[]> {
    return loaders.tagsByMember.load(member.id);
  }
}
