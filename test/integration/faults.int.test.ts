import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseHandle, openDatabase, RunningApp, startApi } from '../../src/app/app';
import { Config, loadConfig } from '../../src/app/config';
import { logger } from '../../src/platform/logger';
import { EmbeddedNeo4j, startEmbeddedNeo4j } from '../../src/platform/neo4j/embedded';
import { unique } from '../support/api';
import { freePort, portIsFree } from '../../src/platform/ports';

const UPSERT = /* GraphQL */ `
  mutation Upsert($input: AccountInput!) { upsertAccount(input: $input) { account { id externalId } } }
`;
const ACCOUNT = /* GraphQL */ `
  query Account($ref: AccountRef!) { account(ref: $ref) { id externalId } }
`;
const FAIL_FAST_MS = 2_000;

interface Outcome {
  externalId: string;
  startedAt: number;
  ms: number;
  id?: string;
  code?: string;
  message?: string;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

let dataDir: string;
let embeddedConfig: Config['embedded'];
let neo4j: EmbeddedNeo4j | undefined;
let database: DatabaseHandle | undefined;
let api: RunningApp | undefined;
let base: string;

async function gql(query: string, variables: Record<string, unknown>): Promise<{ data?: any; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function upsert(externalId: string): Promise<Outcome> {
  const startedAt = Date.now();
  const input = { app: 'TAOBAO', externalId, displayName: 'Fault Test', identifiers: [{ kind: 'EMAIL', value: `${externalId}@faults.example` }] };
  try {
    const res = await gql(UPSERT, { input });
    const ms = Date.now() - startedAt;
    const id = res.data?.upsertAccount?.account?.id as string | undefined;
    if (id && !res.errors) return { externalId, startedAt, ms, id };
    return { externalId, startedAt, ms, code: res.errors?.[0]?.extensions?.code ?? 'NONE', message: res.errors?.[0]?.message };
  } catch (error) {
    return { externalId, startedAt, ms: Date.now() - startedAt, code: 'NETWORK', message: String(error) };
  }
}

const readyz = async (): Promise<number> => (await fetch(`${base}/readyz`)).status;

beforeAll(async () => {
  logger.level = process.env.TEST_LOG_LEVEL || 'silent';
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-graph-faults-'));
  embeddedConfig = loadConfig({
    ...process.env,
    NEO4J_DATA_DIR: dataDir,
    NEO4J_BOLT_PORT: String(await freePort()),
    NEO4J_HEAP: '512m',
    NEO4J_PAGECACHE: '128m',
  }).embedded;
  neo4j = await startEmbeddedNeo4j(embeddedConfig);
  // NEO4J_URI makes the API a client of this Neo4j, so killing and restarting it is up to the test, not the API.
  const config = loadConfig({
    ...process.env,
    NEO4J_URI: neo4j.uri,
    PORT: '0',
    DEMO_DATA: 'false',
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_TOKEN: '0',
  });
  database = await openDatabase(config);
  api = await startApi(config, database.db);
  base = `http://127.0.0.1:${api.port}`;
}, 180_000);

afterAll(async () => {
  await api?.stop();
  await database?.close();
  await neo4j?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('a crash of Neo4j under concurrent writes', () => {
  it('keeps every acknowledged write, fails fast while the database is down and recovers without an API restart', async () => {
    const outcomes: Outcome[] = [];
    let writing = true;
    const writer = async (): Promise<void> => {
      while (writing) {
        const outcome = await upsert(unique('fault'));
        outcomes.push(outcome);
        // While the database is down every request fails at once; pausing keeps the loop from spinning.
        if (outcome.code) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const acknowledged = (): Outcome[] => outcomes.filter((o) => o.id);

    const writers = Array.from({ length: 6 }, writer);
    await waitFor('30 acknowledged writes', () => acknowledged().length >= 30, 60_000);
    const killedAt = Date.now();
    await neo4j!.kill();
    await waitFor('/readyz to answer 503', async () => (await readyz()) === 503, 15_000);
    const redAt = Date.now();
    await waitFor('writes to fail during the outage', () => outcomes.some((o) => o.startedAt > redAt && o.code), 15_000);
    writing = false;
    await Promise.all(writers);

    const failed = outcomes.filter((o) => o.code);
    expect(failed.length).toBeGreaterThan(0);
    // A request in flight when Neo4j died may have been given up by the server just before (a slow machine): TIMEOUT.
    for (const o of failed.filter((f) => f.startedAt <= killedAt)) expect(['DATABASE_UNAVAILABLE', 'TIMEOUT']).toContain(o.code);
    for (const o of failed.filter((f) => f.startedAt > killedAt)) {
      expect({ externalId: o.externalId, code: o.code, message: o.message }).toEqual({
        externalId: o.externalId,
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database is unavailable right now; retry shortly',
      });
    }
    // Requests that were running when Neo4j died are given up within a check or two, not after the driver's retry time.
    const inFlightAtKill = failed.filter((o) => o.startedAt <= killedAt);
    for (const o of inFlightAtKill) expect(o.startedAt + o.ms - killedAt).toBeLessThan(5_000);
    // Once the outage is known, every request fails fast.
    const duringOutage = failed.filter((o) => o.startedAt > redAt);
    expect(duringOutage.length).toBeGreaterThan(0);
    for (const o of duringOutage) expect(o.ms).toBeLessThan(FAIL_FAST_MS);
    const probes = await Promise.all(Array.from({ length: 5 }, () => upsert(unique('fault-down'))));
    for (const o of probes) expect({ code: o.code, fast: o.ms < FAIL_FAST_MS }).toEqual({ code: 'DATABASE_UNAVAILABLE', fast: true });
    expect(await readyz()).toBe(503);

    await waitFor('the Bolt port to be free', () => portIsFree(embeddedConfig.boltPort), 30_000);
    neo4j = await startEmbeddedNeo4j(embeddedConfig);
    await waitFor('/readyz to answer 200 again', async () => (await readyz()) === 200, 60_000);

    const acked = acknowledged();
    const missing: string[] = [];
    for (let i = 0; i < acked.length; i += 10) {
      await Promise.all(
        acked.slice(i, i + 10).map(async (o) => {
          const res = await gql(ACCOUNT, { ref: { app: 'TAOBAO', externalId: o.externalId } });
          if (res.errors || res.data?.account?.id !== o.id) missing.push(o.externalId);
        }),
      );
    }
    expect(missing).toEqual([]);

    // The restarted server may still be recovering on a loaded machine: a client retries a TIMEOUT, as it would here.
    let after = await upsert(unique('fault-after'));
    for (let attempt = 0; attempt < 3 && after.code === 'TIMEOUT'; attempt++) after = await upsert(unique('fault-after'));
    expect(after.code).toBeUndefined();
    const reread = await gql(ACCOUNT, { ref: { app: 'TAOBAO', externalId: after.externalId } });
    expect(reread.data?.account?.id).toBe(after.id);
  }, 180_000);
});
