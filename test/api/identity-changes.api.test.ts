import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { codeOf, startTestApi, TestApi, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { bearer, TEST_SECRET, token } from '../support/tokens';

let api: TestApi;
let admin: Record<string, string>;
let eleme: Record<string, string>;
let elemeJwt: string;
beforeAll(async () => {
  api = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET });
  admin = bearer(await token({ role: 'admin', sub: 'ops' }, { expiresIn: '10m' }));
  elemeJwt = await token({ role: 'partner', app: 'ELEME', sub: 'eleme-backend' }, { expiresIn: '10m' });
  eleme = bearer(elemeJwt);
});
afterAll(() => api.stop());

type Ref = { app: string; externalId: string };
const ok = async (query: string, variables?: Record<string, unknown>, headers = admin) => {
  const res = await api.gql(query, variables, headers);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as any;
};
const upsert = async (ref: Ref, phone: string): Promise<string> =>
  (await ok(UPSERT_MEMBER, { input: { ...ref, identifiers: [{ kind: 'PHONE', value: phone }] } })).upsertAccount.member.id;

const FEED = 'query($app: String!, $after: ID, $first: Int) { identityChanges(app: $app, after: $after, first: $first) { offset kind memberId accounts { app externalId } mergedMemberIds } }';

/** Every change of an app after an offset (paged through), as a partner with that app reads it. */
async function feed(app: string, after = '0', headers = admin): Promise<any[]> {
  const all: any[] = [];
  let cursor = after;
  for (;;) {
    const page = (await ok(FEED, { app, after: cursor, first: 100 }, headers)).identityChanges;
    all.push(...page);
    if (page.length < 100) return all;
    cursor = page[page.length - 1].offset;
  }
}
/** The changes naming one of these accounts of the app. */
const about = (changes: any[], ids: string[]) => changes.filter((c) => c.accounts.some((a: any) => ids.includes(a.externalId)));
const lastOffset = async (app: string) => {
  const all = await feed(app);
  return all.length ? all[all.length - 1].offset : '0';
};

describe('the identity-change outbox', () => {
  it('records links, merges, unlinks, splits and erasures, each for the apps whose accounts they concern', async () => {
    const start = await lastOffset('ELEME');
    const [p1, p2] = [uniquePhone(), uniquePhone()];
    const ele1 = { app: 'ELEME', externalId: unique('ele') };
    const tb1 = { app: 'TAOBAO', externalId: unique('tb') };
    const ele2 = { app: 'ELEME', externalId: unique('ele') };
    const m1 = await upsert(ele1, p1);
    expect(await upsert(tb1, p1)).toBe(m1);
    const m2 = await upsert(ele2, p2);
    // A YOUKU account carrying both phones bridges the two members: m2 (fewer accounts) merges into m1.
    const bridge = { app: 'YOUKU', externalId: unique('yk') };
    const res = await ok('mutation($input: AccountInput!) { upsertAccount(input: $input) { member { id } mergedMemberIds } }', {
      input: { ...bridge, identifiers: [{ kind: 'PHONE', value: p1, verified: true }, { kind: 'PHONE', value: p2, verified: true }] },
    });
    expect(res.upsertAccount).toEqual({ member: { id: m1 }, mergedMemberIds: [m2] });
    const unlinked = (await ok('mutation($ref: AccountRef!) { unlinkAccount(ref: $ref, reason: "my sister\'s") { id } }', { ref: ele2 })).unlinkAccount.id;

    const ids = [ele1.externalId, ele2.externalId, tb1.externalId, bridge.externalId];
    const onEleme = about(await feed('ELEME', start), ids);
    expect(onEleme.map(({ offset: _o, ...c }: any) => c)).toEqual([
      { kind: 'LINKED', memberId: m1, accounts: [ele1], mergedMemberIds: [] },
      { kind: 'LINKED', memberId: m2, accounts: [ele2], mergedMemberIds: [] },
      { kind: 'MERGED', memberId: m1, accounts: [ele2], mergedMemberIds: [m2] },
      { kind: 'UNLINKED', memberId: unlinked, accounts: [ele2], mergedMemberIds: [] },
      { kind: 'SPLIT', memberId: m1, accounts: [ele1], mergedMemberIds: [] },
    ]);
    const offsets = onEleme.map((c: any) => Number(c.offset));
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    expect(new Set(offsets).size).toBe(offsets.length);
    // TAOBAO hears of its own account only: linked to m1, then m1 lost an account (the merge moved none of its).
    const onTaobao = about(await feed('TAOBAO', start), ids);
    expect(onTaobao.map((c: any) => [c.kind, c.accounts])).toEqual([
      ['LINKED', [tb1]],
      ['SPLIT', [tb1]],
    ]);

    expect(await ok('mutation($id: ID!) { eraseMember(id: $id) }', { id: m1 })).toEqual({ eraseMember: true });
    const erased = about(await feed('ELEME', onEleme[onEleme.length - 1].offset), ids);
    expect(erased.map(({ offset: _o, ...c }: any) => c)).toEqual([{ kind: 'ERASED', memberId: m1, accounts: [ele1], mergedMemberIds: [] }]);
  });

  it('records nothing for a mutation that fails, and gives concurrent writers distinct, ordered offsets', async () => {
    const phone = uniquePhone();
    const refs = Array.from({ length: 3 }, () => ({ app: 'ELEME', externalId: unique('ele') }));
    for (const ref of refs) await upsert(ref, phone);
    const lone = { app: 'ELEME', externalId: unique('ele') };
    await upsert(lone, uniquePhone());
    const before = about(await feed('ELEME'), [...refs, lone].map((r) => r.externalId));
    const refused = await api.gql('mutation($a: AccountRef!, $b: AccountRef!) { linkAccounts(a: $a, b: $b, consentId: "c") { id } }', { a: refs[0], b: lone }, admin);
    expect(codeOf(refused)).toBe('LIMIT_EXCEEDED');
    expect(about(await feed('ELEME'), [...refs, lone].map((r) => r.externalId))).toEqual(before);

    const many = Array.from({ length: 12 }, () => ({ app: 'ELEME', externalId: unique('ele') }));
    await Promise.all(many.map((ref) => upsert(ref, uniquePhone())));
    const changes = about(await feed('ELEME'), many.map((r) => r.externalId));
    expect(changes).toHaveLength(12);
    expect(new Set(changes.map((c: any) => c.offset)).size).toBe(12);
  });

  it('shows a partner only its own app, and refuses bad cursors with stable codes', async () => {
    const phone = uniquePhone();
    const e = { app: 'ELEME', externalId: unique('ele') };
    await upsert(e, phone);
    await upsert({ app: 'TAOBAO', externalId: unique('tb') }, phone);
    const mine = about(await feed('ELEME', '0', eleme), [e.externalId]);
    expect(mine).toHaveLength(1);
    expect(mine[0].accounts).toEqual([e]);
    expect(codeOf(await api.gql(FEED, { app: 'TAOBAO' }, eleme))).toBe('FORBIDDEN');
    expect(codeOf(await api.gql(FEED, { app: 'ELEME', after: 'x1' }, eleme))).toBe('BAD_USER_INPUT');
    expect(codeOf(await api.gql(FEED, { app: 'ELEME', first: 0 }, eleme))).toBe('BAD_USER_INPUT');
    expect(codeOf(await api.gql(FEED, { app: 'NOPE' }, admin))).toBe('UNKNOWN_APP');
  });
});

describe('the identityChanges subscription (graphql-ws)', () => {
  const SUB = 'subscription($app: String!, $after: ID) { identityChanges(app: $app, after: $after) { offset kind accounts { externalId } } }';
  const client = (jwt: string) =>
    createClient({ url: api.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${jwt}` }, retryAttempts: 0, lazy: true });

  it('replays from an offset, then delivers live changes in offset order', async () => {
    const replayed = { app: 'ELEME', externalId: unique('ele-sub') };
    const start = await lastOffset('ELEME');
    await upsert(replayed, uniquePhone());
    const live = Array.from({ length: 5 }, () => ({ app: 'ELEME', externalId: unique('ele-sub') }));
    const ws = client(elemeJwt);
    const wanted = new Set([replayed, ...live].map((r) => r.externalId));
    const seen: any[] = [];
    const done = (async () => {
      for await (const result of ws.iterate<any>({ query: SUB, variables: { app: 'ELEME', after: start } })) {
        if (result.errors) throw new Error(JSON.stringify(result.errors));
        const change = result.data.identityChanges;
        if (change.accounts.some((a: any) => wanted.has(a.externalId))) seen.push(change);
        if (seen.length === wanted.size) return;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all(live.map((ref) => upsert(ref, uniquePhone())));
    await done;
    await ws.dispose();
    expect(seen[0].accounts).toEqual([{ externalId: replayed.externalId }]);
    expect(new Set(seen.map((c) => c.accounts[0].externalId))).toEqual(wanted);
    const offsets = seen.map((c) => Number(c.offset));
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
  });

  it("refuses a partner's subscription to another app before reading anything", async () => {
    const ws = client(elemeJwt);
    const results: any[] = [];
    try {
      for await (const result of ws.iterate<any>({ query: SUB, variables: { app: 'TAOBAO', after: '0' } })) results.push(result);
    } catch (error) {
      results.push({ errors: error });
    }
    await ws.dispose();
    expect(results).toHaveLength(1);
    expect(JSON.stringify(results[0].errors)).toContain('FORBIDDEN');
  });
});
