import 'reflect-metadata';
import { Database } from '../../src/platform/neo4j/database';
import { statement } from '../../src/platform/neo4j/cypher';
import { startTestApi, TestApi } from '../support/api';

let api: TestApi;
let db: Database;
beforeAll(async () => {
  api = await startTestApi();
  db = api.db;
}, 150_000);
afterAll(() => api.stop());

const ingestAccount = statement('identity/ingest-account', [
  'app', 'externalId', 'accountId', 'displayName', 'nameInitials', 'birthDate', 'city', 'identifiers', 'identifierMaxAccounts', 'maxCandidates', 'newMember',
]);

interface PlanNode {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanNode[];
}
const operators = (plan: PlanNode): PlanNode[] => [plan, ...plan.children.flatMap(operators)];

describe('the upsert statement is planned on index seeks whatever the statistics say', () => {
  it('reads every block through a seek of its own index and scans nothing', async () => {
    const session = db.driver.session();
    try {
      const { summary } = await session.run(`EXPLAIN ${ingestAccount.text}`);
      const plan = operators(summary.plan as unknown as PlanNode);
      const types = plan.map((op) => op.operatorType.replace(/@.*/, ''));
      expect(types.filter((type) => /Scan/.test(type))).toEqual([]);
      const seeks = plan.filter((op) => op.operatorType.startsWith('NodeIndexSeek')).map((op) => String(op.arguments.Details));
      expect(seeks.some((d) => d.includes('c:Account(birthDate, city)'))).toBe(true);
      expect(seeks.some((d) => d.includes('c:Account(birthDate)'))).toBe(true);
      expect(seeks.some((d) => d.includes('c:Account(nameInitials, birthDate)'))).toBe(true);
      // A plan that statistics cannot improve is kept when they move, instead of being made again by every upsert in flight.
      expect(ingestAccount.text.startsWith('CYPHER replan=skip\n')).toBe(true);
    } finally {
      await session.close();
    }
  });
});
