import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/app/config';
import fs from 'node:fs';
import { PROJECT_ROOT } from '../../src/platform/config';
import { parametersOf, statement } from '../../src/platform/neo4j/cypher';
import { Database, isRoutingUri } from '../../src/platform/neo4j/database';
import { EmbeddedNeo4jError, startEmbeddedNeo4j } from '../../src/platform/neo4j/embedded';
import { migrate } from '../../src/platform/neo4j/migrations';
import { testConfig } from '../support/api';

let db: Database;
beforeAll(() => {
  const config = testConfig();
  db = Database.connect(config.neo4j.uri!, config.neo4j);
});
afterAll(() => db.close());

describe('migrations', () => {
  it('are recorded with their versions and do nothing the second time', async () => {
    expect(await migrate(db)).toEqual([]);
    const rows = await db.readOne(statement('platform/applied-migrations', []));
    const recorded = rows.map((r) => r.version as number).sort((a, b) => a - b);
    const files = fs.readdirSync(path.join(PROJECT_ROOT, 'cypher', 'schema')).map((f) => Number(/^(\d+)-/.exec(f)![1])).sort((a, b) => a - b);
    // Regression: this test used to look at the first 6 of 20 migrations only.
    expect(files.length).toBeGreaterThanOrEqual(23);
    expect(recorded).toEqual(files);
    const indexes = await db.readOne({ name: 'test/schema', text: 'SHOW INDEXES YIELD name, owningConstraint RETURN name, owningConstraint' }, {});
    const names = indexes.flatMap((r) => [r.name, r.owningConstraint]);
    for (const expected of ['consent_use_jti_unique', 'payment_key_unique', 'payment_member', 'event_key_unique', 'account_birth_city']) {
      expect(names).toContain(expected);
    }
  });

  it('apply a schema statement from two instances at once, both succeeding (one failed on a fresh database: deadlock, or an equivalent rule already exists)', async () => {
    const config = testConfig();
    const other = Database.connect(config.neo4j.uri!, config.neo4j);
    const name = `concurrent_${Date.now()}`;
    const label = `Concurrent${Date.now()}`;
    const text = `CREATE CONSTRAINT ${name} IF NOT EXISTS FOR (n:${label}) REQUIRE n.key IS UNIQUE`;
    // A writer creating a node of the label holds the label, so that both instances' statements line up behind it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const holder = db.write(async (tx) => {
      await tx.run({ name: 'test/hold-label', text: `CREATE (:${label} {key: 'held'})` }, {});
      holding();
      await released;
    }, 'test-hold-label');
    await held;
    try {
      const applying = [db, other].map((instance) => instance.runSchema(text).then(() => 'applied', (error: Error) => error.message));
      const schemaTransactions = { name: 'test/schema-transactions', text: "SHOW TRANSACTIONS YIELD metaData, currentQuery WHERE metaData.operation IS NULL AND NOT currentQuery STARTS WITH 'SHOW' RETURN count(*) AS n" };
      for (let waited = 0; Number((await db.readOne(schemaTransactions, {}))[0].n) < 2 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      await holder;
      expect(await Promise.all(applying)).toEqual(['applied', 'applied']);
    } finally {
      release();
      await db.writeOne({ name: 'test/drop-label', text: `MATCH (n:${label}) DELETE n` }, {});
      await db.runSchema(`DROP CONSTRAINT ${name} IF EXISTS`);
      await other.close();
    }
  });

  it('leave the account reference unique', async () => {
    const params = { app: 'TAOBAO', externalId: `dup-${Date.now()}` };
    const create = { name: 'test/create-account', text: 'CREATE (:Account {app: $app, externalId: $externalId, id: randomUUID()})' };
    await db.writeOne(create, params);
    await expect(db.writeOne(create, params)).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
  });
});

describe('statement declarations', () => {
  it('stop start-up on a missing statement file', () => {
    expect(() => statement('identity/no-such-statement', [])).toThrow(/missing/);
  });

  it('stop start-up when the declared parameters and the file disagree', () => {
    expect(() => statement('identity/live-member-id', [])).toThrow(/undeclared \$id/);
    expect(() => statement('identity/live-member-id', ['id', 'other'] as never)).toThrow(/declared but unused other/);
    expect(statement('identity/live-member-id', ['id']).name).toBe('identity/live-member-id');
  });

  it('are sent without their header comments, so they stay small (a message over one TCP segment waited for a delayed ACK)', () => {
    const upsert = statement('identity/ingest-account', ['app', 'externalId', 'accountId', 'displayName', 'nameInitials', 'birthDate', 'city', 'identifiers', 'identifierMaxAccounts', 'maxCandidates', 'newMember']);
    expect(upsert.text).not.toMatch(/^\s*\/\//m);
    // The text starts where the header ends: at the query option, then the statement.
    expect(upsert.text).toMatch(/^CYPHER replan=skip\nMERGE \(a:Account/);
  });

  it('read parameters outside comments and strings only', () => {
    expect([...parametersOf("// Params: $ghost\nMATCH (a {x: $real}) WHERE a.s = '$notParam' RETURN $other.field")]).toEqual(['real', 'other']);
  });
});

describe('the database gateway', () => {
  it('talks to Neo4j with Nagle off (without TCP_NODELAY a statement over one segment waited up to 40 ms for an ACK)', async () => {
    const setNoDelay = jest.spyOn(net.Socket.prototype, 'setNoDelay');
    const fresh = Database.connect(testConfig().neo4j.uri!, testConfig().neo4j);
    try {
      await fresh.readOne({ name: 'test/ping', text: 'RETURN 1 AS one' }, {});
      expect(setNoDelay).toHaveBeenCalledWith(true);
    } finally {
      setNoDelay.mockRestore();
      await fresh.close();
    }
  });

  it('converts integers and temporal values to plain JS values', async () => {
    const [row] = await db.readOne({ name: 'test/values', text: 'RETURN 42 AS n, datetime("2021-05-01T00:00:00Z") AS at, [1, 2] AS list, {k: 3} AS map' }, {});
    expect(row).toEqual({ n: 42, at: new Date('2021-05-01T00:00:00Z'), list: [1, 2], map: { k: 3 } });
  });

  it('converts strings, booleans, nulls and nested maps of lists as they are', async () => {
    const [row] = await db.readOne({ name: 'test/plain', text: "RETURN 'a' AS s, true AS b, null AS z, {xs: [{k: 'v', n: 1}], d: date('2021-05-01')} AS m" }, {});
    expect(row).toEqual({ s: 'a', b: true, z: null, m: { xs: [{ k: 'v', n: 1 }], d: '2021-05-01' } });
  });

  it('sends statements without the driver capturing a call-site stack, and leaves stack traces on for everything else', async () => {
    const before = Error.stackTraceLimit;
    await expect(db.readOne({ name: 'test/fails', text: 'RETURN 1/0 AS x' }, {})).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.ArithmeticError' });
    await expect(db.write((tx) => tx.run({ name: 'test/fails', text: 'RETURN 1/0 AS x' }, {}))).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.ArithmeticError' });
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('here').stack).toMatch(/platform\.int\.test/);
  });

  it('chains bookmarks only through a routing URI, and reads a committed write at once without them on one server', async () => {
    expect(isRoutingUri('neo4j://core1:7687')).toBe(true);
    expect(isRoutingUri('neo4j+s://x.databases.neo4j.io')).toBe(true);
    expect(isRoutingUri('bolt://127.0.0.1:7687')).toBe(false);
    expect(isRoutingUri('bolt+s://db:7687')).toBe(false);
    expect(db.causal).toBe(false);
    const key = `bm-${process.pid}-${Date.now()}`;
    try {
      for (let i = 0; i < 20; i++) {
        await db.write((tx) => tx.run({ name: 'test/bm-write', text: 'MERGE (n:BookmarkProbe {key: $key}) SET n.value = $value' }, { key, value: i }));
        const [row] = await db.readOne({ name: 'test/bm-read', text: 'MATCH (n:BookmarkProbe {key: $key}) RETURN n.value AS value' }, { key });
        expect(row.value).toBe(i);
      }
    } finally {
      await db.write((tx) => tx.run({ name: 'test/bm-clean', text: 'MATCH (n:BookmarkProbe {key: $key}) DELETE n' }, { key }));
    }
  });

  it('maps an unreachable server to DATABASE_UNAVAILABLE', async () => {
    const config = loadConfig({ NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_QUERY_TIMEOUT_MS: '2000' });
    const dead = Database.connect(config.neo4j.uri!, config.neo4j);
    try {
      await expect(dead.readOne(statement('platform/ping', []))).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
      expect(await dead.ping()).toBe(false);
    } finally {
      await dead.close();
    }
  }, 30_000);
});

describe('the embedded Neo4j launcher', () => {
  it('says in one line that Java is missing and how to fix it', async () => {
    const config = loadConfig({ JAVA_HOME: '/nonexistent/java-home', NEO4J_DATA_DIR: path.join(os.tmpdir(), 'unused-neo4j') });
    await expect(startEmbeddedNeo4j(config.embedded)).rejects.toThrow(/^Java 17 or newer is needed.*NEO4J_URI/);
  });

  it('says in one line which port is taken and how to fix it', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const config = loadConfig({ NEO4J_BOLT_PORT: String(port), NEO4J_DATA_DIR: path.join(os.tmpdir(), 'unused-neo4j') });
      const attempt = startEmbeddedNeo4j(config.embedded);
      await expect(attempt).rejects.toBeInstanceOf(EmbeddedNeo4jError);
      await expect(attempt).rejects.toThrow(new RegExp(`port ${port} .*NEO4J_BOLT_PORT`));
    } finally {
      blocker.close();
    }
  });
});

describe('a database that refuses connections', () => {
  it('answers DATABASE_UNAVAILABLE within seconds, not after the driver retry time, and at once while known down', async () => {
    const config = loadConfig({ NEO4J_URI: 'bolt://127.0.0.1:1' });
    const dead = Database.connect(config.neo4j.uri!, config.neo4j);
    try {
      let started = Date.now();
      await expect(dead.writeOne(statement('platform/ping', []))).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
      expect(Date.now() - started).toBeLessThan(3_000);
      started = Date.now();
      await expect(dead.readOne(statement('platform/ping', []))).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
      expect(await dead.ping()).toBe(false);
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      await dead.close();
    }
  });
});
