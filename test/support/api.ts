import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { openDatabase, RunningApp, startApi } from '../../src/app/app';
import { loadConfig } from '../../src/app/config';
import { logger } from '../../src/platform/logger';
import { Database } from '../../src/platform/neo4j/database';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  contentType: string | null;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] }[];
}

export interface TestApi {
  url: string;
  db: Database;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** The data of a request that must succeed; throws with the errors otherwise. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T>;
  stop(): Promise<void>;
}

/** The `extensions.code` of a response's first error. */
export const codeOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }): unknown => res.errors?.[0]?.extensions?.code;

/** Stores an account and answers its member's id: how most tests make their data. */
export const UPSERT_MEMBER = 'mutation($input: AccountInput!) { upsertAccount(input: $input) { member { id } } }';

/**
 * The test configuration: the run's Neo4j (TEST_NEO4J_URI), a random port, no demo data, and no rate limits (the
 * suites drive hundreds of mutations through one token; the rate-limit tests set their own limits).
 */
export function testConfig(env: Record<string, string> = {}) {
  const uri = process.env.TEST_NEO4J_URI;
  if (!uri) throw new Error('TEST_NEO4J_URI is not set: run the tests through jest so the global setup starts Neo4j');
  // No similarity refresh after erasures unless a test asks for one: it would run statements in the background of
  // tests that count their own round trips. A minute per transaction rather than 15 s: on a loaded 2-core machine
  // (another process busy beside the suite) an upsert waited past the default, and the suite failed with TIMEOUT.
  return loadConfig({
    NEO4J_QUERY_TIMEOUT_MS: '60000',
    ...process.env,
    NEO4J_URI: uri, PORT: '0', DEMO_DATA: 'false', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_TOKEN: '0', RECOMMENDATION_ERASURE_REFRESH_SECONDS: '0',
    ...env,
  });
}

/** Starts the whole API over HTTP against the test database. */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  logger.level = 'silent';
  const config = testConfig(env);
  const database = await openDatabase(config);
  const app: RunningApp = await startApi(config, database.db);
  const url = `http://127.0.0.1:${app.port}/graphql`;
  const gql: TestApi['gql'] = async (query, variables, headers = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: any };
    return { status: res.status, contentType: res.headers.get('content-type'), ...body };
  };
  return {
    url,
    db: database.db,
    gql,
    async ok(query, variables, headers) {
      const res = await gql(query, variables, headers);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data as any;
    },
    async stop() {
      await app.stop();
      await database.close();
    },
  };
}

/** A string unique to this test run, for external ids that no other test uses. */
export const unique = (prefix = 't'): string => `${prefix}-${randomUUID().slice(0, 12)}`;

/** A valid mainland mobile number unique enough for one test (the 199 prefix is unused by the demo data). */
export const uniquePhone = (): string => `199${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** A city name no other test uses, so that profile matching (birth date + city) only sees this test's accounts. */
export const uniqueCity = (): string => unique('city');

/** A resident ID number (GB 11643) of a person born on `birthDate`, with a random sequence and its check character. */
export function residentId(birthDate: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const body = `110105${birthDate.replace(/-/g, '')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  const sum = [...body].reduce((s, digit, i) => s + Number(digit) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

export type Ref = { app: string; externalId: string };

/** A member with one account per app given, linked by one phone (automatic links), with a loyalty score if given. */
export async function memberWith(api: TestApi, apps: string[], score?: number): Promise<{ memberId: string; refs: Record<string, Ref> }> {
  const phone = uniquePhone();
  const refs: Record<string, Ref> = {};
  let memberId = '';
  for (const app of apps) {
    const ref = { app, externalId: unique(app.toLowerCase()) };
    memberId = (await api.ok(UPSERT_MEMBER, { input: { ...ref, identifiers: [{ kind: 'PHONE', value: phone }] } })).upsertAccount.member.id;
    refs[app] = ref;
  }
  if (score !== undefined) await api.ok('mutation($id: ID!, $s: Int!) { setLoyaltyScore(memberId: $id, score: $s) { id } }', { id: memberId, s: score });
  return { memberId, refs };
}

/**
 * Waits for the API's start-up refresh of item similarity to end: it runs statements in the background on the same
 * gateway, which a test counting its own round trips (Database.statementsRun) would otherwise count.
 */
export async function untilStartupRefreshEnds(api: TestApi): Promise<void> {
  for (let waited = 0; waited < 120_000; waited += 250) {
    const ready = (await (await fetch(api.url.replace('/graphql', '/readyz'))).json()) as { details?: { recommendations?: { lastRefreshAt?: string; lastError?: string } } };
    if (ready.details?.recommendations?.lastRefreshAt || ready.details?.recommendations?.lastError) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
