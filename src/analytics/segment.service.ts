import { BoundedTx } from '../platform/neo4j/bounded.read';
import { cypherInt } from '../platform/neo4j/database';
import { AnalyticsEnv, analyticsRead } from './analytics.reads';
import { compileSegment, CompiledSegment, driverOf, parseSegment, SegmentNode, tagsOf } from './segment.expr';
import { segmentStatement } from './segment.query';
import { SegmentResult } from './segment.type';
import { AnalyticsContext } from './analytics.context';
import { Member } from '../identity/member.type';
import { Connection, Keyset, pageRequest, toConnection } from '../platform/connection';
import { memberCount, tagSizes } from './tag.repository';

/** Compiles an expression against the tag sizes now (the driver is chosen from them; all members are counted only for a scan). */
async function compile(tx: BoundedTx, expr: SegmentNode): Promise<CompiledSegment> {
  const sizes = await tagSizes(tx, tagsOf(expr));
  return compileSegment(expr, sizes, driverOf(expr, sizes) === null ? await memberCount(tx) : 0);
}

/** Validates an expression (INVALID_SEGMENT) and counts its members. */
export function segmentCount(env: AnalyticsEnv, input: unknown): Promise<SegmentResult> {
  return countSegment(env, parseSegment(input));
}

export async function countSegment(env: AnalyticsEnv, expr: SegmentNode): Promise<SegmentResult> {
  return analyticsRead(env, 'segment', async (tx) => {
    const compiled = await compile(tx, expr);
    const [row] = await tx.run(segmentStatement(compiled, 'count'), { tags: compiled.bound, driverTags: compiled.driverTags });
    return { count: Number(row?.count ?? 0), scanned: compiled.candidates, expr };
  });
}

/** A page of the segment's member ids, in id order, after `after` ('' for the first page). */
export async function segmentPage(env: AnalyticsEnv, expr: SegmentNode, after: string, first: number): Promise<string[]> {
  return analyticsRead(env, 'segmentPage', async (tx) => {
    const compiled = await compile(tx, expr);
    const rows = await tx.run(segmentStatement(compiled, 'ids'), { tags: compiled.bound, driverTags: compiled.driverTags, after, first: cypherInt(first) });
    return rows.map((r) => String(r.id));
  });
}

/** One member of an audience: the member and its accounts on the chosen app whose link is consented for the purpose. */
export interface AudienceMember {
  id: string;
  accounts: { id: string; externalId: string }[];
}

/**
 * A page of a segment's audience on one app, in member-id order after `after` ('' for the first page): the same
 * compiled statement as the count and the sample, ending in the members with an account on `app` whose link carries
 * `purpose` (others, and erased members, who have no accounts left, are not in it).
 */
export async function segmentAudiencePage(env: AnalyticsEnv, expr: SegmentNode, app: string, purpose: string, after: string, first: number): Promise<AudienceMember[]> {
  return analyticsRead(env, 'segmentAudience', async (tx) => {
    const compiled = await compile(tx, expr);
    const rows = await tx.run(segmentStatement(compiled, 'audience'), { tags: compiled.bound, driverTags: compiled.driverTags, after, first: cypherInt(first), app, purpose });
    return rows.map((r) => ({ id: String(r.id), accounts: r.accounts as AudienceMember['accounts'] }));
  });
}

/** The segmentMembers connection: in member-id order; the key is [member id]. */
export const SEGMENT_MEMBERS_KEYSET: Keyset = { name: 'segmentMembers', key: ['string'], maxFirst: 100 };

/**
 * A page of the members a segment selects (INVALID_SEGMENT for a bad expression, BAD_USER_INPUT for a bad `first`
 * or `after`). The ids come from the segment statement after the cursor's id; the members from the request's loader.
 */
export async function segmentMemberConnection(context: AnalyticsContext, input: unknown, first: number, after: string | null): Promise<Connection<Member>> {
  const expr = parseSegment(input);
  const request = pageRequest(SEGMENT_MEMBERS_KEYSET, first, after);
  const ids = await segmentPage(context, expr, (request.after?.[0] as string | undefined) ?? '', request.limit);
  const members = await context.loaders.memberById.loadMany(ids);
  const rows = ids.map((id, i) => {
    const member = members[i];
    return { node: member instanceof Error ? null : member, key: [id] };
  });
  return toConnection(SEGMENT_MEMBERS_KEYSET, request, rows, async () => (await countSegment(context, expr)).count);
}
