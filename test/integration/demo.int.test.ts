import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Kind, OperationDefinitionNode, parse, print } from 'graphql';
import { loadDemoGraph, removeDemoGraph, DemoLoad } from '../../src/demo/demo.seed';
import { DEMO_PEOPLE } from '../../src/demo/demo.data';
import { startTestApi, testConfig, TestApi } from '../support/api';

/**
 * Every GraphQL operation the README shows: each ```graphql block (one or more operations, comments dropped) and the
 * query of each curl example's JSON body. Read from README.md itself, so the examples cannot drift from what runs.
 */
function readmeOperations(): { source: string; operation: OperationDefinitionNode }[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const documents: string[] = [];
  for (const block of readme.matchAll(/```graphql\n([\s\S]*?)```/g)) documents.push(block[1]);
  for (const curl of readme.matchAll(/curl [^\n]*\\\n\s*-d '(\{[^\n]*\})'/g)) documents.push((JSON.parse(curl[1]) as { query: string }).query);
  return documents.flatMap((doc) =>
    parse(doc).definitions.map((d) => {
      if (d.kind !== Kind.OPERATION_DEFINITION) throw new Error(`README example is not an operation: ${print(d)}`);
      return { source: print(d).replace(/\s+/g, ' '), operation: d };
    }),
  );
}

/** Lists that may be empty in a correct answer, by field name, and why. */
const MAY_BE_EMPTY: Record<string, string> = {
  reasons: 'why something is refused: empty when it is allowed',
  mergedMemberIds: 'members a link merged: none when it joined one',
  benefitsLost: 'a link that loses nothing',
  benefitsGained: 'a link whose member could already use every benefit',
  participatesIn: 'a brand that honours no program (Shiseido)',
  tags: 'a member with no tag yet',
};

/** The paths of empty lists and null top-level fields in an answer. */
function emptiness(value: unknown, at: string, out: string[]): string[] {
  if (Array.isArray(value)) {
    const key = at.split('.').pop()!.replace(/\[\d+\]$/, '');
    if (value.length === 0 && !(key in MAY_BE_EMPTY)) out.push(at);
    value.forEach((v, i) => emptiness(v, `${at}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) emptiness(v, at ? `${at}.${k}` : k, out);
  }
  return out;
}

/** The numbers in an answer. */
const numbers = (value: unknown): number[] =>
  Array.isArray(value) ? value.flatMap(numbers) : value && typeof value === 'object' ? Object.values(value).flatMap(numbers) : typeof value === 'number' ? [value] : [];

let api: TestApi;
let loaded: DemoLoad;
beforeAll(async () => {
  api = await startTestApi();
  // The database holds the other suites' data: start from no demo graph, whatever an earlier run left.
  await removeDemoGraph(api.db);
  loaded = await loadDemoGraph(api.db, testConfig());
}, 1_500_000);
afterAll(async () => {
  await removeDemoGraph(api.db);
  await api.stop();
});

describe('the demo graph', () => {
  it('reloads idempotently and serves a profile with memberships', async () => {
    const before = await api.ok('{ member(id: "demo-member-02") { accounts { id } } }');
    const again = await loadDemoGraph(api.db, testConfig());
    expect(again.memberIds).toEqual(loaded.memberIds);
    const res = await api.gql('{ member(id: "demo-member-02") { displayName accounts { id app { code } } memberships { program status } programEligibility(program: "APASS") { eligible } } }');
    expect(res.data!.member.displayName).toBe('Wang Fang');
    expect(res.data!.member.accounts.map((a: any) => a.app.code)).toEqual(['ALIPAY', 'FLIGGY', 'NETEASE_MUSIC', 'TAOBAO', 'TMALL']);
    expect(res.data!.member.accounts.map((a: any) => a.id)).toEqual(before.member.accounts.map((a: any) => a.id));
    expect([...res.data!.member.memberships].sort((a: any, b: any) => a.program.localeCompare(b.program))).toEqual([{ program: '88VIP', status: 'ACTIVE' }, { program: 'APASS', status: 'ACTIVE' }]);
    expect(res.data!.member.programEligibility.eligible).toBe(true);
    // Regression: demo account ids embedded the external id that masking hides from analysts.
    const ids = await api.ok('{ member(id: "demo-member-01") { accounts { id externalId } } }');
    for (const account of ids.member.accounts) expect(account.id).not.toContain(account.externalId);
    expect(new Set(DEMO_PEOPLE.flatMap((p) => p.accounts.map((a) => a.app))).size).toBe(12);
    // Regression: demo links listed derived keys (PHONE~, EMAIL~) among their rules.
    const rules = await api.ok('{ member(id: "demo-member-02") { accounts { link { rules } } } }');
    expect(rules.member.accounts.flatMap((a: any) => a.link.rules).filter((rule: string) => rule.endsWith('~'))).toEqual([]);
    expect(rules.member.accounts.flatMap((a: any) => a.link.rules)).toContain('PHONE');
  });

  it('links by matching: deterministic by a shared phone, probabilistic by name, birth date and city, merged by a verified bridge', async () => {
    const huang = await api.ok('{ account(ref: {app: "ALIPAY", externalId: "2088000000000008"}) { member { id } link { method rules } } }');
    expect(huang.account.member.id).toBe('demo-member-08');
    expect(huang.account.link.method).toBe('PROBABILISTIC');
    expect(huang.account.link.rules).toEqual(expect.arrayContaining(['NAME', 'BIRTH_DATE', 'CITY']));
    const ma = await api.ok('{ member(id: "demo-member-13") { id accounts { app { code } } } koubei: account(ref: {app: "KOUBEI", externalId: "kb-5013"}) { member { id } } }');
    expect(ma.member.accounts.map((a: any) => a.app.code)).toEqual(['ALIPAY', 'KOUBEI', 'TAOBAO']);
    expect(ma.koubei.member.id).toBe('demo-member-13');
    const li = await api.ok('{ account(ref: {app: "ELEME", externalId: "ele-77001"}) { member { id } link { method rules } } }');
    expect(li.account).toMatchObject({ member: { id: 'demo-member-01' }, link: { method: 'DETERMINISTIC' } });
    // Gao Yan typed Zhou Tao's phone: she stays herself; a household on a shared iPad stays two members.
    const gao = await api.ok('{ account(ref: {app: "ELEME", externalId: "ele-77014"}) { member { id } } }');
    expect(gao.account.member.id).toBe('demo-member-14');
    const hua = await api.ok('{ account(ref: {app: "YOUKU", externalId: "yk_lihua"}) { member { id } } }');
    expect(hua.account.member.id).toBe('demo-member-15');
  });

  it('has open reviews, the partners\' identity changes, events, derived tags and a FLIGGY trip that TAOBAO answers with Europe items', async () => {
    // Other test files' reviews share the queue: ask for the demo account's own.
    const gaoYan = (await api.ok('{ account(ref: {app: "ELEME", externalId: "ele-77014"}) { id } }')).account.id;
    const queue = await api.ok('query($id: ID) { reviewQueue(first: 100, accountId: $id) { account { app { code } externalId } candidate { app { code } externalId } } }', { id: gaoYan });
    const pairs = queue.reviewQueue.map((r: any) => [r.account.externalId, r.candidate.externalId].sort().join('|'));
    expect(pairs).toContain(['ele-77014', 'ele-77009'].sort().join('|'));
    for (const [app, kind] of [['KOUBEI', 'MERGED'], ['ALIPAY', 'LINKED'], ['ELEME', 'LINKED']]) {
      // Other test files write to the same feeds: read each to its end, a page at a time.
      const changes: { kind: string; memberId: string | null }[] = [];
      for (let after = '0'; ; ) {
        const page = (await api.ok('query($app: String!, $after: ID) { identityChanges(app: $app, after: $after, first: 1000) { offset kind memberId } }', { app, after })).identityChanges;
        changes.push(...page);
        if (page.length < 1000) break;
        after = page[page.length - 1].offset;
      }
      expect(changes.filter((c) => c.kind === kind && c.memberId?.startsWith('demo-member-')).length).toBeGreaterThan(0);
    }
    expect(loaded.events).toBeGreaterThan(300);
    const tags = await api.ok('{ li: member(id: "demo-member-01") { tags } wang: member(id: "demo-member-02") { tags } chen: member(id: "demo-member-05") { tags } }');
    expect(tags.li.tags).toEqual(expect.arrayContaining(['88vip', 'region:hangzhou', 'age:35-44', 'app:fliggy']));
    expect(tags.li.tags).not.toContain('price-sensitive');
    expect(tags.wang.tags).toEqual(expect.arrayContaining(['luxury-buyer', 'recurring-buyer']));
    expect(tags.chen.tags).toEqual(expect.arrayContaining(['price-sensitive']));
    const recs = await api.ok('{ member(id: "demo-member-01") { recommendations(app: "TAOBAO", first: 10) { id score reason signals } } }');
    const list = recs.member.recommendations;
    expect(list[0]).toMatchObject({ id: 'taobao-sim-europe-10d', signals: ['CROSS_APP'] });
    expect(list[0].reason).toMatch(/^booked an international flight to Amsterdam on FLIGGY 2 days ago/);
    const position = (id: string) => list.findIndex((r: any) => r.id === id);
    expect(position('taobao-wifi-europe')).toBeGreaterThanOrEqual(0);
    for (const asia of ['taobao-sim-japan-8d', 'taobao-wifi-asia']) {
      const p = position(asia);
      if (p >= 0) expect(p).toBeGreaterThan(position('taobao-wifi-europe'));
    }
  });
});

describe('every README example on the demo graph', () => {
  const operations = readmeOperations();
  const queries = operations.filter((o) => o.operation.operation === 'query');

  it('finds the examples in README.md', () => {
    expect(queries.length).toBeGreaterThanOrEqual(20);
    expect(operations.length - queries.length).toBeGreaterThanOrEqual(14);
    // The quick start's curl example.
    expect(queries.some((q) => q.source.startsWith('{ member(id: "demo-member-01")'))).toBe(true);
  });

  it('answers every query without errors and with data: no empty list, no all-zero answer', async () => {
    // The collaborative signal reads item similarity, which the server computes in the background.
    await api.ok('mutation { refreshRecommendations { items } }');
    const failures: string[] = [];
    for (const { source } of queries) {
      const res = await api.gql(source);
      if (res.errors) {
        failures.push(`${source}\n  errors: ${JSON.stringify(res.errors)}`);
        continue;
      }
      const data = res.data as Record<string, unknown>;
      const nulls = Object.entries(data).filter(([, v]) => v === null).map(([k]) => k);
      const empty = emptiness(data, '', []);
      const values = numbers(data);
      if (nulls.length || empty.length || (values.length && values.every((n) => n === 0))) {
        failures.push(`${source}\n  null: ${nulls.join(', ')} empty: ${empty.join(', ')} numbers: ${values.slice(0, 10).join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it('runs every mutation without errors, after the queries, in the README\'s order', async () => {
    const failures: string[] = [];
    for (const { source } of operations.filter((o) => o.operation.operation === 'mutation')) {
      const res = await api.gql(source);
      if (res.errors) failures.push(`${source}\n  errors: ${JSON.stringify(res.errors)}`);
    }
    expect(failures).toEqual([]);
  }, 900_000);
});
