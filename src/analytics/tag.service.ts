import { Member } from '../identity/member.type';
import { badInput, notFound } from '../platform/errors';
import { AnalyticsContext } from './analytics.context';
import { deriveMemberTags } from './tag.derive';
import { addManualTags } from './tag.repository';
import { manualTags } from './tag.rules';

/** Adds tags by hand to a member (a merged-away id tags its survivor); answers the member. */
export async function tagMember(context: AnalyticsContext, memberId: string, tags: string[]): Promise<Member> {
  const names = manualTags(tags);
  const member = await context.loaders.memberById.load(memberId);
  if (!member || !(await addManualTags(context.db, member.id, names))) throw notFound(`Member ${memberId}`);
  return member;
}

/** Derives the tags of a few members again; answers how many members were found. */
export async function refreshDerivedTags(context: AnalyticsContext, memberIds: string[]): Promise<number> {
  if (memberIds.length > 1000) throw badInput('at most 1000 members per call; run npm run analytics:derive-tags for all', 'memberIds');
  const live = await context.loaders.memberById.loadMany(memberIds);
  const ids = [...new Set(live.filter((m): m is Member => m !== null && !(m instanceof Error)).map((m) => m.id))];
  return deriveMemberTags(context.db, ids, context.now);
}
