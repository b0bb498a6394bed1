import { BoundedTx } from '../platform/neo4j/bounded.read';
import { cypherInt } from '../platform/neo4j/database';
import { AnalyticsEnv, analyticsRead } from './analytics.reads';
import { compileSegment, CompiledSegment, parseSegment, SegmentNode, tagsOf } from './segment.expr';
import { segmentStatement } from './segment.query';
import { SegmentResult } from './segment.type';
import { memberCount, tagSizes } from './tag.repository';

/** Compiles an expression against the tag sizes now (the driver is chosen from them). */
async function compile(tx: BoundedTx, expr: SegmentNode): Promise<CompiledSegment> {
  const sizes = await tagSizes(tx, tagsOf(expr));
  return compileSegment(expr, sizes, await memberCount(tx));
}

/** Validates an expression (INVALID_SEGMENT) and counts its members. */
export async function segmentCount(env: AnalyticsEnv, input: unknown): Promise<SegmentResult> {
  const expr = parseSegment(input);
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
