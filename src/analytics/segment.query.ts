import { parametersOf, Statement, statement } from '../platform/neo4j/cypher';
import { CompiledSegment } from './segment.expr';

const driven = statement<{ driverTags: unknown }>('analytics/segment-driven', ['driverTags']);
const scan = statement('analytics/segment-scan', []);

/** What a segment statement returns: its size, or a page of member ids in id order after $after. */
export type SegmentResultKind = 'count' | 'ids';

const RESULTS: Record<SegmentResultKind, string> = {
  count: 'RETURN count(m) AS count',
  ids: 'WITH m WHERE m.id > $after\nRETURN m.id AS id ORDER BY id LIMIT $first',
};

/**
 * The statement of a compiled segment. Its text is made only of the skeleton and fixed fragments (tag nodes are
 * t<i>, tag names travel in $tags), so it depends on the expression's shape alone and the plan cache keeps a plan
 * per shape; nothing a client sends becomes Cypher text.
 */
export function segmentStatement(segment: CompiledSegment, kind: SegmentResultKind): Statement {
  const skeleton = segment.driven ? driven : scan;
  const bind = segment.bound.length ? `MATCH ${segment.bound.map((_, i) => `(t${i}:Tag {name: $tags[${i}]})`).join(', ')}` : '';
  const carry = segment.bound.map((_, i) => `, t${i}`).join('');
  const text = skeleton.text
    .replace('{{BIND}}', bind)
    .replace('{{CARRY}}', carry)
    .replace('{{DISTINCT}}', segment.driverTags.length > 1 ? 'DISTINCT' : '')
    .replace('{{PREDICATE}}', segment.predicate)
    .replace('{{RESULT}}', RESULTS[kind])
    .trim();
  const params = parametersOf(text);
  if ([...params].some((p) => !['tags', 'driverTags', 'after', 'first'].includes(p))) throw new Error(`segment statement with unexpected parameters: ${[...params].join(', ')}`);
  return { name: `${skeleton.name}:${kind}`, text };
}
