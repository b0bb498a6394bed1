import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, ID } from 'type-graphql';
import { Member } from '../identity/member.type';
import { requireFirst } from '../platform/page';
import { AnalyticsContext } from './analytics.context';
import { SegmentExpr } from './segment.input';
import { segmentCount, segmentMemberConnection, segmentPage } from './segment.service';
import { MemberConnection } from '../identity/member.type';
import { Connection } from '../platform/connection';
import { SegmentResult, TagCount } from './segment.type';
import { listTags } from './tag.repository';
import { tagMember, refreshDerivedTags } from './tag.service';

@Resolver(() => SegmentResult)
export class SegmentResolver {
  @Query(() => SegmentResult, { description: 'The members a tree of tags selects (and: intersection, or: union, not: complement/difference); analysts.' })
  segment(@Arg('expr', () => SegmentExpr) expr: SegmentExpr, @Ctx() context: AnalyticsContext): Promise<SegmentResult> {
    return segmentCount(context, expr);
  }

  @Query(() => MemberConnection, {
    description: 'The members a segment selects, by cursor in member-id order (personal data masked for analysts); first: 1 to 100; analysts.',
  })
  segmentMembers(
    @Arg('expr', () => SegmentExpr) expr: SegmentExpr,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the page before; null for the first page.' }) after: string | null,
    @Ctx() context: AnalyticsContext,
  ): Promise<Connection<Member>> {
    return segmentMemberConnection(context, expr, first ?? 20, after ?? null);
  }

  @FieldResolver(() => [Member], { description: 'The first members of the segment in member-id order.' })
  async sample(
    @Root() result: SegmentResult,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Ctx() context: AnalyticsContext,
  ): Promise<Member[]> {
    const ids = await segmentPage(context, result.expr, '', requireFirst(first ?? 20, 100));
    const members = await context.loaders.memberById.loadMany(ids);
    return members.filter((m): m is Member => m !== null && !(m instanceof Error));
  }

  @Query(() => [TagCount], { description: 'Tags by name (optionally those starting with a prefix, e.g. "region:") and their member counts; analysts.' })
  tags(
    @Arg('prefix', () => String, { nullable: true }) prefix: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number | null,
    @Ctx() { db }: AnalyticsContext,
  ): Promise<TagCount[]> {
    return listTags(db, (prefix ?? '').toLowerCase(), requireFirst(first ?? 100, 1000));
  }

  @Mutation(() => Member, { description: 'Adds tags to a member by hand (derived tags are refused); analysts.' })
  tagMember(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('tags', () => [String]) tags: string[],
    @Ctx() context: AnalyticsContext,
  ): Promise<Member> {
    return tagMember(context, memberId, tags);
  }

  @Mutation(() => Int, { description: 'Derives the tags of the given members again from the graph now (admins; all members: npm run analytics:derive-tags).' })
  refreshDerivedTags(@Arg('memberIds', () => [ID]) memberIds: string[], @Ctx() context: AnalyticsContext): Promise<number> {
    return refreshDerivedTags(context, memberIds);
  }
}
