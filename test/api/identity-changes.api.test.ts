import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { pruneExpiredChanges } from '../../src/identity/change.retention';
import { startWebhookDelivery } from '../../src/identity/webhook.delivery';
import { verifyWebhook } from '../../src/identity/webhook.signature';
import { logger } from '../../src/platform/logger';
import { codeOf, startTestApi, TestApi, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { inline } from '../support/graph';
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
    // Offsets are per app: each feed is read from its own app's last offset.
    const [start, startTaobao] = [await lastOffset('ELEME'), await lastOffset('TAOBAO')];
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
    const onTaobao = about(await feed('TAOBAO', startTaobao), ids);
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

describe('28.7 erasure and retention (the LINKED entry kept naming an erased person\'s account and member id forever)', () => {
  it('leaves the erasure notice as the only change naming an erased member, its accounts and the members merged into it', async () => {
    const [eleStart, tbStart] = [await lastOffset('ELEME'), await lastOffset('TAOBAO')];
    const [p1, p2] = [uniquePhone(), uniquePhone()];
    const ele1 = { app: 'ELEME', externalId: unique('ele') };
    const tb1 = { app: 'TAOBAO', externalId: unique('tb') };
    const ele2 = { app: 'ELEME', externalId: unique('ele') };
    const m1 = await upsert(ele1, p1);
    await upsert(tb1, p1);
    const m2 = await upsert(ele2, p2);
    // An operator merges m2 (and ele2) into m1; a bystander's account stays in the feed untouched.
    expect((await ok('mutation($ids: [ID!]!) { mergeMembers(memberIds: $ids) { id } }', { ids: [m1, m2] })).mergeMembers.id).toBe(m1);
    const bystander = { app: 'ELEME', externalId: unique('ele') };
    const other = await upsert(bystander, uniquePhone());
    expect(about(await feed('ELEME', eleStart), [ele1.externalId, ele2.externalId])).not.toHaveLength(0);

    expect(await ok('mutation($id: ID!) { eraseMember(id: $id) }', { id: m1 })).toEqual({ eraseMember: true });

    const onEleme = await feed('ELEME', eleStart, eleme);
    const naming = (changes: any[]) => changes.filter((c) => [m1, m2, ele1.externalId, ele2.externalId, tb1.externalId].some((x) => JSON.stringify(c).includes(x)));
    expect(naming(onEleme).map(({ offset: _o, accounts, ...c }: any) => ({ ...c, accounts: accounts.map((a: Ref) => a.externalId).sort() }))).toEqual([
      { kind: 'ERASED', memberId: m1, accounts: [ele1.externalId, ele2.externalId].sort(), mergedMemberIds: [] },
    ]);
    expect(about(onEleme, [bystander.externalId])).toEqual([expect.objectContaining({ kind: 'LINKED', memberId: other, accounts: [bystander] })]);
    const offsets = onEleme.map((c: any) => Number(c.offset));
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    const onTaobao = await feed('TAOBAO', tbStart);
    expect(naming(onTaobao).map((c: any) => [c.kind, c.accounts])).toEqual([['ERASED', [tb1]]]);
  });

  describe('retention (IDENTITY_CHANGES_RETENTION_DAYS)', () => {
    // CAINIAO, whose feed no other test reads: the retention deletes an app's oldest changes, whoever wrote them.
    const APP = 'CAINIAO';
    const HOOK_SECRET = 'webhook-secret-for-the-expiry-test';
    const backdate = inline('test/backdate-changes', "MATCH (c:IdentityChange) WHERE c.app = $app AND c.offset <= $through SET c.at = datetime() - duration({days: 400})");
    const cainiao = async () => bearer(await token({ role: 'partner', app: APP, sub: 'cainiao-backend' }, { expiresIn: '10m' }));

    it('deletes changes past the retention and tells a reader from an older offset where the feed goes on, rather than skipping silently', async () => {
      const refs = Array.from({ length: 3 }, () => ({ app: APP, externalId: unique('cn') }));
      for (const ref of refs) await upsert(ref, uniquePhone());
      const mine = about(await feed(APP), refs.map((r) => r.externalId));
      expect(mine).toHaveLength(3);
      const [, second, third] = mine.map((c: any) => c.offset);
      await api.db.writeOne(backdate, { app: APP, through: Number(second) });

      // (Another test file's API may prune them first, at its start-up: the outcome is the same.)
      await pruneExpiredChanges(api.db, 30);
      const partner = await cainiao();
      for (const after of [undefined, '0', String(Number(second) - 1)]) {
        const expired = await api.gql(FEED, { app: APP, after }, partner);
        expect(codeOf(expired)).toBe('CHANGES_EXPIRED');
        expect(expired.errors![0].extensions).toMatchObject({ resumeAfter: second });
      }
      const rest = await ok(FEED, { app: APP, after: second, first: 100 }, partner);
      expect(rest.identityChanges[0].offset).toBe(third);
      expect(about(rest.identityChanges, refs.map((r) => r.externalId))).toHaveLength(1);
      // A second prune finds nothing more to delete, and young changes stay.
      expect((await pruneExpiredChanges(api.db, 30))[APP]).toBeUndefined();

      // A subscription replaying from before the retention is told so too, and ends.
      const ws = createClient({ url: api.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${await token({ role: 'partner', app: APP, sub: 'cainiao-backend' })}` }, retryAttempts: 0, lazy: true });
      const results: any[] = [];
      try {
        for await (const result of ws.iterate<any>({ query: 'subscription($app: String!, $after: ID) { identityChanges(app: $app, after: $after) { offset } }', variables: { app: APP, after: '0' } })) results.push(result);
      } catch (error) {
        results.push({ errors: error });
      }
      await ws.dispose();
      expect(JSON.stringify(results)).toContain('CHANGES_EXPIRED');
      expect(results.some((r) => r.data)).toBe(false);

      // A webhook cursor left behind the retention gets one signed expiry notice, then the changes after it.
      const bodies: any[] = [];
      const receiver = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (verifyWebhook(HOOK_SECRET, String(req.headers['x-identity-timestamp']), body, String(req.headers['x-identity-signature']))) bodies.push(JSON.parse(body));
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      await api.db.writeOne(inline('test/rewind-webhook-cursor', 'MERGE (c:WebhookCursor {app: $app}) SET c.offset = 0, c.owner = null'), { app: APP });
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      const delivery = startWebhookDelivery(api.db, { targets: [{ app: APP, url, secret: HOOK_SECRET }], batch: 1000, timeoutMs: 5000, retryMaxMs: 1000, leaseMs: 5000 }, 50, logger);
      try {
        for (const started = Date.now(); !bodies.some((b) => b.changes.some((c: any) => c.offset === third)); ) {
          if (Date.now() - started > 60_000) throw new Error(`no delivery of offset ${third}: ${JSON.stringify(bodies)}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await delivery.stop();
        receiver.closeAllConnections();
        receiver.close();
      }
      expect(bodies[0]).toEqual({ app: APP, changes: [], expired: { after: '0', through: second } });
      expect(bodies[1].changes[0].offset).toBe(third);
    });
  });
});
