import { Writable } from 'node:stream';
import { exportAudience, parseAudienceRequest } from '../../src/analytics/segment.export';
import { startTestApi, TestApi, testConfig, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { bearer, TEST_SECRET, token } from '../support/tokens';

// Links get MARKETING by default here, so that the test withdraws it from one account and the export must notice.
const PURPOSES = 'BENEFITS,RECOMMENDATIONS,ANALYTICS,MARKETING';

let api: TestApi;
let admin: Record<string, string>;
let analyst: Record<string, string>;
const run = unique('exp');
const tag = `${run}-audience`;

type Ref = { app: string; externalId: string };
const ok = (query: string, variables?: Record<string, unknown>, headers = admin) => api.ok(query, variables, headers);

/** A member with one account per app given (linked through a shared phone), tagged with `tags`. */
async function member(apps: string[], tags: string[] = [tag]): Promise<{ id: string; refs: Ref[] }> {
  const phone = uniquePhone();
  const refs = apps.map((app) => ({ app, externalId: unique(app.toLowerCase()) }));
  let id = '';
  for (const ref of refs) id = (await ok(UPSERT_MEMBER, { input: { ...ref, identifiers: [{ kind: 'PHONE', value: phone }] } })).upsertAccount.member.id;
  if (tags.length) await ok('mutation($m: ID!, $t: [String!]!) { tagMember(memberId: $m, tags: $t) { id } }', { m: id, t: tags }, analyst);
  return { id, refs };
}

const accountId = async (ref: Ref): Promise<string> => (await ok('query($ref: AccountRef!) { account(ref: $ref) { id } }', { ref })).account.id;

async function post(path: string, body: unknown, headers: Record<string, string>, init: { method?: string; contentType?: string; url?: string } = {}) {
  const res = await fetch((init.url ?? api.url).replace(/\/graphql$/, path), {
    method: init.method ?? 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json', ...headers },
    body: init.method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), headers: res.headers, text, lines: text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

const exportOf = (body: unknown, headers = analyst, url?: string) => post('/export/segment', body, headers, { url });

let both: { id: string; refs: Ref[] };
let twoOnTaobao: { id: string; refs: Ref[] };
let withdrawn: { id: string; refs: Ref[] };
let otherApp: { id: string; refs: Ref[] };
let erased: { id: string; refs: Ref[] };
let untagged: { id: string; refs: Ref[] };

beforeAll(async () => {
  api = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, LINK_DEFAULT_PURPOSES: PURPOSES });
  admin = bearer(await token({ role: 'admin', sub: 'ops-export' }));
  analyst = bearer(await token({ role: 'analyst', sub: `analyst-${run}` }));
  both = await member(['TAOBAO', 'TMALL']);
  twoOnTaobao = await member(['TAOBAO', 'TAOBAO']);
  withdrawn = await member(['TAOBAO', 'TMALL']);
  await ok('mutation($ref: AccountRef!) { withdrawConsent(ref: $ref, purposes: [MARKETING]) { externalId } }', { ref: withdrawn.refs[0] });
  otherApp = await member(['TMALL']);
  erased = await member(['TAOBAO']);
  await ok('mutation($id: ID!) { eraseMember(id: $id) }', { id: erased.id });
  untagged = await member(['TAOBAO'], []);
});
afterAll(() => api.stop());

describe('POST /export/segment (activation over HTTP)', () => {
  it('streams the audience on the app as NDJSON: the members with a MARKETING-consented account there, with those accounts, in member-id order', async () => {
    const res = await exportOf({ expr: { tag }, app: 'TAOBAO', channel: 'PUSH_TAOBAO' });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/x-ndjson/);
    const expected = await Promise.all(
      [both, twoOnTaobao].map(async (m) => ({
        memberId: m.id,
        app: 'TAOBAO',
        channel: 'PUSH_TAOBAO',
        accounts: (await Promise.all(m.refs.filter((r) => r.app === 'TAOBAO').map(async (r) => ({ id: await accountId(r), externalId: r.externalId })))).sort((a, b) => (a.id < b.id ? -1 : 1)),
      })),
    );
    expected.sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
    expect(res.lines).toEqual([...expected, { exported: 2 }]);
    // Left out: the member whose TAOBAO link lost MARKETING, the one without a TAOBAO account, the erased one, the untagged one.
    const ids = res.lines.map((l) => l.memberId);
    for (const m of [withdrawn, otherApp, erased, untagged]) expect(ids).not.toContain(m.id);
    // The segment (count and members) is the same evaluation: every exported member is in it; the segment counts all tagged live members.
    expect(res.headers.get('x-segment-members')).toBe('4');
    const members = (await ok('query($e: SegmentExpr!) { segmentMembers(expr: $e, first: 100) { edges { node { id } } } }', { e: { tag } }, analyst)).segmentMembers.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(members.sort()).toEqual([both.id, twoOnTaobao.id, withdrawn.id, otherApp.id].sort());
  });

  it('follows consent on the chosen app: the member whose TAOBAO link lost MARKETING is in the TMALL audience', async () => {
    const res = await exportOf({ expr: { tag }, app: 'TMALL', channel: 'SMS' });
    expect(res.lines.slice(0, -1).map((l) => l.memberId).sort()).toEqual([both.id, withdrawn.id, otherApp.id].sort());
    expect(res.lines[res.lines.length - 1]).toEqual({ exported: 3 });
  });

  it('pages by member id without losing or repeating anyone (one bounded read a page)', async () => {
    const lines: string[] = [];
    const out = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
    const pages: number[] = [];
    const written = await exportAudience({ db: api.db, config: testConfig() }, parseAudienceRequest({ expr: { tag }, app: 'TMALL', channel: 'SMS' }), out, { page: 1, onProgress: (n) => pages.push(n) });
    expect(written).toBe(3);
    expect(pages).toEqual([1, 2, 3]);
    expect(lines.map((l) => JSON.parse(l).memberId)).toEqual([both.id, withdrawn.id, otherApp.id].sort());
  });

  it('refuses without a token, to members and partners, and bad requests, with coded JSON errors before any line', async () => {
    const body = { expr: { tag }, app: 'TAOBAO', channel: 'PUSH_TAOBAO' };
    const codes = async (res: Awaited<ReturnType<typeof exportOf>>) => [res.status, res.lines[0]?.errors?.[0]?.extensions?.code];
    expect(await codes(await exportOf(body, {}))).toEqual([401, 'UNAUTHENTICATED']);
    expect(await codes(await exportOf(body, bearer(await token({ role: 'member', sub: both.id }))))).toEqual([403, 'FORBIDDEN']);
    expect(await codes(await exportOf(body, bearer(await token({ role: 'partner', sub: 'p', app: 'TAOBAO' }))))).toEqual([403, 'FORBIDDEN']);
    expect(await codes(await exportOf({ ...body, channel: 'sms; drop' }))).toEqual([400, 'BAD_USER_INPUT']);
    expect(await codes(await exportOf({ ...body, app: 'NOPE' }))).toEqual([400, 'UNKNOWN_APP']);
    const invalid = await exportOf({ ...body, expr: { tag, not: { tag } } });
    expect(await codes(invalid)).toEqual([400, 'INVALID_SEGMENT']);
    expect(invalid.lines[0].errors[0].extensions.path).toBe('expr');
    expect(await codes(await post('/export/segment', 'not json', analyst))).toEqual([400, 'BAD_REQUEST']);
    expect(await codes(await post('/export/segment', body, analyst, { contentType: 'text/plain' }))).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect((await post('/export/segment', body, analyst, { method: 'GET' })).status).toBe(405);
  });

  it('charges the token a rate point a page, in the same buckets as GraphQL requests, before any line', async () => {
    // One point on arrival and one a page: with 3 points a minute, one export of one page, then one GraphQL query, then nothing.
    const limited = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, LINK_DEFAULT_PURPOSES: PURPOSES, RATE_LIMIT_PER_TOKEN: '3' });
    try {
      const caller = bearer(await token({ role: 'analyst', sub: `limited-${run}` }));
      const first = await exportOf({ expr: { tag }, app: 'TAOBAO', channel: 'SMS' }, caller, limited.url);
      expect(first.status).toBe(200);
      expect(first.lines[first.lines.length - 1]).toEqual({ exported: 2 });
      expect((await limited.gql('{ tags(first: 1) { name } }', {}, caller)).errors).toBeUndefined();
      const refused = await exportOf({ expr: { tag }, app: 'TAOBAO', channel: 'SMS' }, caller, limited.url);
      expect(refused.status).toBe(429);
      expect(refused.lines[0].errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await limited.stop();
    }
  });
});
