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

  it('keeps the planner estimate per statement and parameter shape: the same refusal without asking the planner again', async () => {
    const env = envWith({ maxEstimatedRows: 1000, estimateTtlMs: 60_000 });
    const byShape = inline('test/by-shape', 'MATCH (a), (b), (c) WHERE elementId(a) < elementId(b) AND a.id = $id RETURN count(*) AS n');
    const before = db.statementsRun;
    expect(codeOf(await analyticsRead(env, 'test', (tx) => tx.run(byShape, { id: 'x' })).catch((e) => e))).toBe('QUERY_TOO_EXPENSIVE');
    expect(db.statementsRun - before).toBe(1); // the EXPLAIN; nothing ran
    const again = db.statementsRun;
    expect(codeOf(await analyticsRead(env, 'test', (tx) => tx.run(byShape, { id: 'another value' })).catch((e) => e))).toBe('QUERY_TOO_EXPENSIVE');
    expect(db.statementsRun - again).toBe(0); // refused from the cache
    // Another shape (a null where a string was) is planned again.
    await analyticsRead(env, 'test', (tx) => tx.run(byShape, { id: null })).catch(() => undefined);
    expect(db.statementsRun - again).toBe(1);
    // A cheap statement costs its EXPLAIN once, then only itself.
    const cheap = inline('test/cheap', 'RETURN $x AS x');
    const start = db.statementsRun;
    for (let i = 0; i < 3; i++) expect(await analyticsRead(env, 'test', (tx) => tx.run(cheap, { x: i }))).toEqual([{ x: i }]);
    expect(db.statementsRun - start).toBe(4);
  });

  it('makes only statements the planner expects to be heavy wait for the gate; cheap ones run while it is full', async () => {
    const env = envWith({ maxConcurrent: 1, maxQueued: 4, gatedRows: 1000, maxEstimatedRows: 1e12, queryTimeoutMs: 3000 });
    const cheap = inline('test/cheap-gated', 'RETURN $x AS x');
    const done: string[] = [];
    // The heavy statement holds the only slot for seconds (until the timeout stops it).
    const holding = analyticsRead(env, 'test-slow', (tx) => tx.run(heavy, {}), { alwaysGated: true }).catch(() => undefined).then(() => done.push('heavy'));
    const running = inline('test/running-slow', "SHOW TRANSACTIONS YIELD metaData, currentQuery WHERE metaData.operation = 'test-slow' AND NOT currentQuery STARTS WITH 'EXPLAIN' RETURN count(*) AS n");
    while ((await db.readOne(running, {}))[0].n === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const waiting = analyticsRead(env, 'test', (tx) => tx.run(cheap, { x: 2 }), { alwaysGated: true }).then(() => done.push('gated'));
    expect(await analyticsRead(env, 'test', (tx) => tx.run(cheap, { x: 1 }))).toEqual([{ x: 1 }]);
    done.push('cheap');
    await Promise.all([holding, waiting]);
    expect(done).toEqual(['cheap', 'heavy', 'gated']);
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
