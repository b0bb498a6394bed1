import 'reflect-metadata';
import { compileSegment } from '../../src/analytics/segment.expr';
import { segmentStatement } from '../../src/analytics/segment.query';
import fs from 'node:fs';
import path from 'node:path';
import { parametersOf, statement } from '../../src/platform/neo4j/cypher';
import { PROJECT_ROOT } from '../../src/platform/config';
import { Database } from '../../src/platform/neo4j/database';
import { startTestApi, TestApi } from '../support/api';

let api: TestApi;
let db: Database;
beforeAll(async () => {
  api = await startTestApi();
  db = api.db;
}, 240_000);
afterAll(() => api.stop());

interface PlanNode {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanNode[];
}
const operators = (plan: PlanNode): PlanNode[] => [plan, ...plan.children.flatMap(operators)];

/** A statement's text as the repository sends it, declared with the parameters its file uses. */
const textOf = (name: string): string => statement<Record<string, unknown>>(name, [...parametersOf(fs.readFileSync(path.join(PROJECT_ROOT, 'cypher', `${name}.cypher`), 'utf8'))]).text;

async function planOf(text: string): Promise<{ types: string[]; details: string[] }> {
  const session = db.driver.session();
  try {
    const { summary } = await session.run(`EXPLAIN ${text}`);
    const plan = operators(summary.plan as unknown as PlanNode);
    return { types: plan.map((op) => op.operatorType.replace(/@.*/, '')), details: plan.map((op) => `${op.operatorType.replace(/@.*/, '')} ${String(op.arguments.Details ?? '')}`) };
  } finally {
    await session.close();
  }
}

describe('the keyset statements of the connections seek their first rows through an index and scan nothing', () => {
  const cases: [string, RegExp][] = [
    ['identity/reviews-page', /^NodeIndexSeek.* RANGE INDEX r:MatchCandidate\(status, score\) WHERE status = \$status AND score <= \$score/],
    ['identity/reviews-page-every-status', /^NodeIndexSeekByRange.* RANGE INDEX r:MatchCandidate\(score\) WHERE score <= \$score/],
    ['identity/reviews-page-for-account', /^NodeUniqueIndexSeek.*:Account\(id\) WHERE id = \$accountId/],
    ['identity/audit-events-page', /^NodeUniqueIndexSeek.* m:Member\(id\) WHERE id = \$memberId/],
  ];
  for (const [name, seek] of cases) {
    it(name, async () => {
      const { types, details } = await planOf(textOf(name));
      expect({ name, scans: types.filter((type) => /Scan/.test(type)) }).toEqual({ name, scans: [] });
      expect(details).toEqual(expect.arrayContaining([expect.stringMatching(seek)]));
    });
  }

  it('identity/reviews-page: no union of seeks for the tie-breaking predicate, no sort of every candidate', async () => {
    const { types } = await planOf(textOf('identity/reviews-page'));
    expect(types).toEqual(expect.not.arrayContaining(['Union', 'Sort']));
  });

  it('segment pages that look at every member seek members by id after the cursor', async () => {
    const compiled = compileSegment({ kind: 'not', child: { kind: 'tag', name: 'x' } }, new Map([['x', 1]]), 100);
    const { types, details } = await planOf(segmentStatement(compiled, 'ids').text);
    expect(details).toEqual(expect.arrayContaining([expect.stringMatching(/^NodeUniqueIndexSeekByRange.* m:Member\(id\) WHERE id > \$after/)]));
    expect(types.filter((type) => /Scan/.test(type))).toEqual([]);
  });
});
