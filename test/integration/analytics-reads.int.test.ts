import { analyticsGate, analyticsRead } from '../../src/analytics/analytics.reads';
import { Database } from '../../src/platform/neo4j/database';
import { inline } from '../support/graph';
import { testConfig } from '../support/api';

let db: Database;
const base = testConfig();
const envWith = (analytics: Partial<typeof base.analytics>) => ({ db, config: { ...base, analytics: { ...base.analytics, ...analytics } } });
const codeOf = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;

beforeAll(() => {
  db = Database.connect(base.neo4j.uri!, base.neo4j);
});
afterAll(() => db.close());

// Seconds of work for one core (the planner cannot see how long a computed list is, so its estimate stays small).
const heavy = inline('test/heavy', 'UNWIND range(1, 400000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n');
// A plan the planner expects to be huge: a three-way cartesian product of every node.
const cartesian = inline('test/cartesian', 'MATCH (a), (b), (c) WHERE elementId(a) < elementId(b) RETURN count(*) AS n');

describe('analytics reads', () => {
  it('refuses a statement whose planner estimate is over the budget before it runs', async () => {
    const started = Date.now();
    const estimate = await analyticsRead(envWith({ maxEstimatedRows: 1e12 }), 'test', (tx) => tx.estimate(cartesian, {}));
    expect(estimate).toBeGreaterThan(1000);
    const error = await analyticsRead(envWith({ maxEstimatedRows: 1000 }), 'test', (tx) => tx.run(cartesian, {})).catch((e) => e);
    expect(codeOf(error)).toBe('QUERY_TOO_EXPENSIVE');
    expect(error.extensions).toMatchObject({ reason: 'ESTIMATE', budget: 1000 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops a statement that runs past the analytics timeout, and answers QUERY_TOO_EXPENSIVE', async () => {
    const started = Date.now();
    const error = await analyticsRead(envWith({ queryTimeoutMs: 200, maxEstimatedRows: 1e12 }), 'test', (tx) => tx.run(heavy, {})).catch((e) => e);
    expect(codeOf(error)).toBe('QUERY_TOO_EXPENSIVE');
    expect(error.extensions).toMatchObject({ reason: 'TIMEOUT', timeoutMs: 200 });
    // Neo4j's transaction monitor checks timeouts every 2 s by default.
    expect(Date.now() - started).toBeLessThan(8000);
    const [row] = await db.readOne(inline('test/running', "SHOW TRANSACTIONS YIELD metaData WHERE metaData.operation = 'test' RETURN count(*) AS n"), {});
    expect(row.n).toBe(0);
  });

  it('runs one analytics question at a time by default, queues a few and refuses the rest with ANALYTICS_BUSY', async () => {
    const gate = analyticsGate(1, 1);
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((resolve) => (release = resolve)));
    while (!release) await new Promise((resolve) => setImmediate(resolve));
    let secondRan = false;
    const second = gate.run(async () => {
      secondRan = true;
    });
    const third = await gate.run(async () => 'ran').catch((e) => e);
    expect(codeOf(third)).toBe('ANALYTICS_BUSY');
    expect(secondRan).toBe(false);
    release();
    await Promise.all([first, second]);
    expect(secondRan).toBe(true);
  });
});
