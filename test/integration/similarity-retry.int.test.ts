import { startTestApi, TestApi, testConfig } from '../support/api';
import { inline } from '../support/graph';
import { Database } from '../../src/platform/neo4j/database';

// Held by the test: the refresh numbers itself on this node first (platform/next-generation), so while the test holds
// it, every refresh waits for its lock until NEO4J_QUERY_TIMEOUT_MS stops it, as a start-up refresh on a busy database.
const holdGeneration = inline('test/hold-similarity-generation', "MERGE (g:Generation {key: 'item-similarity'}) SET g.heldByTest = coalesce(g.heldByTest, 0) + 1 RETURN g.key AS key");

type Ready = { status: string; degraded?: string[]; details?: { recommendations: { lastRefreshAt: string | null; failuresInARow: number; nextRetryAt: string | null; lastError: string | null } } };

async function readyz(api: TestApi): Promise<{ code: number; body: Ready }> {
  const res = await fetch(api.url.replace('/graphql', '/readyz'));
  return { code: res.status, body: (await res.json()) as Ready };
}

async function until(what: string, api: TestApi, test: (body: Ready) => boolean, timeoutMs = 120_000): Promise<{ code: number; body: Ready }> {
  for (const started = Date.now(); ; ) {
    const answer = await readyz(api);
    if (test(answer.body)) return answer;
    if (Date.now() - started > timeoutMs) throw new Error(`/readyz never showed ${what}: ${JSON.stringify(answer.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the start-up similarity refresh that times out', () => {
  let holder: Database;
  let api: TestApi | undefined;
  let release!: () => void;
  let held: Promise<unknown>;

  beforeAll(async () => {
    holder = Database.connect(process.env.TEST_NEO4J_URI!, testConfig({ NEO4J_QUERY_TIMEOUT_MS: '300000' }).neo4j);
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const locked = new Promise<void>((resolve) => (holding = resolve));
    held = holder.write(async (tx) => {
      await tx.run(holdGeneration, {});
      holding();
      await released;
    }, 'test-hold-generation');
    await locked;
  });

  afterAll(async () => {
    release();
    await held.catch(() => undefined);
    await api?.stop();
    await holder.close();
  });

  it('is retried within seconds (not at the next scheduled refresh) while /readyz says what is degraded; then recovers', async () => {
    api = await startTestApi({ NEO4J_QUERY_TIMEOUT_MS: '3000', NEO4J_MAX_RETRY_TIME_MS: '0', RECOMMENDATION_REFRESH_RETRY_SECONDS: '1' });
    const failing = await until('two failed refreshes', api, (b) => (b.details?.recommendations.failuresInARow ?? 0) >= 2 && b.details!.recommendations.nextRetryAt !== null);
    expect(failing.code).toBe(200);
    expect(failing.body.status).toBe('degraded');
    expect(failing.body.degraded).toEqual([expect.stringMatching(/^recommendations: item similarity refresh failed \d+ time\(s\) in a row \(.+\): recommendations use no similar items at all \(popular items only\); next try at /)]);
    const { nextRetryAt, lastRefreshAt } = failing.body.details!.recommendations;
    expect(lastRefreshAt).toBeNull();
    // The next try is seconds away (1 s doubling per failure), not the 15-minute refresh interval.
    expect(Date.parse(nextRetryAt!) - Date.now()).toBeLessThan(60_000);

    release();
    await held;
    const recovered = await until('a refresh that succeeded', api, (b) => b.details?.recommendations.lastRefreshAt !== null);
    expect(recovered.code).toBe(200);
    expect(recovered.body.status).toBe('ready');
    expect(recovered.body.degraded).toBeUndefined();
    expect(recovered.body.details!.recommendations).toMatchObject({ failuresInARow: 0, nextRetryAt: null, lastError: null });
  }, 300_000);
});
