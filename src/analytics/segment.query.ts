import { parametersOf, Statement, statement } from '../platform/neo4j/cypher';
import { CompiledSegment } from './segment.expr';

const driven = statement<{ driverTags: unknown }>('analytics/segment-driven', ['driverTags']);
const scan = statement('analytics/segment-scan', []);

/**
 * What a segment statement returns: its size, a page of member ids in id order after $after, or a page of the
 * audience on one app: the members after $after with an account on $app whose link is consented for $purpose, each
 * with those accounts (id and the app's own externalId), in member-id order.
 */
export type SegmentResultKind = 'count' | 'ids' | 'audience';

const RESULTS: Record<SegmentResultKind, string> = {
  count: 'RETURN count(m) AS count',
  ids: 'WITH m WHERE m.id > $after\nRETURN m.id AS id ORDER BY id LIMIT $first',
  audience: [
    'WITH m WHERE m.id > $after AND EXISTS { (m)<-[link:BELONGS_TO WHERE $purpose IN link.purposes]-(:Account {app: $app}) }',
    'WITH m ORDER BY m.id LIMIT $first',
    'RETURN m.id AS id, COLLECT { MATCH (m)<-[link:BELONGS_TO WHERE $purpose IN link.purposes]-(a:Account {app: $app}) RETURN a {.id, .externalId} AS a ORDER BY a.id } AS accounts',
  ].join('\n'),
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
  if ([...params].some((p) => !['tags', 'driverTags', 'after', 'first', 'app', 'purpose'].includes(p))) throw new Error(`segment statement with unexpected parameters: ${[...params].join(', ')}`);
  return { name: `${skeleton.name}:${kind}`, text };
}
