import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { codeOf, Ref, startTestApi, TestApi, testConfig, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { mintToken, parseTtl } from '../../src/platform/auth/token.mint';
import { bearer, TEST_SECRET, token } from '../support/tokens';

const ROOT = path.resolve(__dirname, '..', '..');
const ORIGIN = 'https://app.example.com';

/** `npm run token -- ...args` as a partner team runs it, with the environment given (the test's key by default). */
async function npmRunToken(args: string[], env: Record<string, string | undefined> = { AUTH_JWT_SECRET: TEST_SECRET }): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = { ...process.env, AUTH_JWT_SECRET: undefined, AUTH_JWT_PUBLIC_KEY_FILE: undefined, AUTH_JWKS_FILE: undefined, ...env };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'test/support/ts-child.js'), 'src/scripts/token.ts', ...args], { cwd: ROOT, env: clean as NodeJS.ProcessEnv });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let api: TestApi;
let admin: Record<string, string>;
let partner: Record<string, string>;
let analyst: Record<string, string>;

beforeAll(async () => {
  api = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, CORS_ORIGINS: `${ORIGIN},http://localhost:5173` });
  admin = bearer(await token({ role: 'admin', sub: 'ops' }));
  analyst = bearer(await token({ role: 'analyst', sub: 'analyst-1' }));
  const minted = await npmRunToken(['--role', 'partner', '--app', 'ELEME', '--sub', 'eleme-backend']);
  expect(minted.stderr).toBe('');
  partner = bearer(minted.stdout.trim());
}, 180_000);
afterAll(() => api.stop());

/** A member with one account per app, linked by one phone, written by an admin. */
async function memberWith(apps: string[]): Promise<{ memberId: string; refs: Record<string, Ref> }> {
  const phone = uniquePhone();
  const refs: Record<string, Ref> = {};
  let memberId = '';
  for (const app of apps) {
    refs[app] = { app, externalId: unique(app.toLowerCase()) };
    memberId = (await api.ok(UPSERT_MEMBER, { input: { ...refs[app], identifiers: [{ kind: 'PHONE', value: phone }] } }, admin)).upsertAccount.member.id;
  }
  return { memberId, refs };
}

describe('npm run token', () => {
  it('mints a partner token the server accepts, for an hour by default', async () => {
    const claims = decodeJwt(partner.authorization.slice('Bearer '.length));
    expect(claims).toMatchObject({ role: 'partner', app: 'ELEME', sub: 'eleme-backend' });
    expect(claims.exp! - claims.iat!).toBe(3600);
    const res = await api.gql('{ brands(first: 1) { id } }', undefined, partner);
    expect(res.errors).toBeUndefined();
  });

  it('mints member, analyst and admin tokens (the function npm run token calls), each acting in its role', async () => {
    const auth = testConfig({ AUTH_JWT_SECRET: TEST_SECRET }).auth;
    const { memberId } = await memberWith(['TAOBAO']);
    const member = await mintToken(auth, { role: 'member', sub: memberId, ttlSeconds: parseTtl('30m') });
    const claims = decodeJwt(member);
    expect(claims).toMatchObject({ role: 'member', sub: memberId });
    expect(claims.exp! - claims.iat!).toBe(1800);
    const self = await api.gql('query($id: ID!) { member(id: $id) { id } }', { id: memberId }, bearer(member));
    expect(self.data?.member).toEqual({ id: memberId });
    const setScore = 'mutation($id: ID!) { setLoyaltyScore(memberId: $id, score: 10) { id } }';
    const analystToken = await mintToken(auth, { role: 'analyst', ttlSeconds: 60 });
    expect(codeOf(await api.gql(setScore, { id: memberId }, bearer(analystToken)))).toBe('FORBIDDEN');
    const adminToken = await mintToken(auth, { role: 'admin', ttlSeconds: parseTtl('90s') });
    expect((await api.gql(setScore, { id: memberId }, bearer(adminToken))).errors).toBeUndefined();
  });

  it('refuses clearly, on stderr with a failing exit code, what it cannot mint', async () => {
    const unknownApp = await npmRunToken(['--role', 'partner', '--app', 'NOPE']);
    expect(unknownApp.code).not.toBe(0);
    expect(unknownApp.stderr).toMatch(/Unknown app code "NOPE"/);
    expect(unknownApp.stdout).toBe('');
  }, 180_000);
});

describe('partners register accounts of their own app', () => {
  const UPSERT = 'mutation($input: AccountInput!) { upsertAccount(input: $input) { decision mergedMemberIds account { externalId app { code } link { method rules } } member { id } } }';
  const UPSERT_MANY = 'mutation($inputs: [AccountInput!]!) { upsertAccounts(inputs: $inputs) { decision account { externalId } member { id } } }';
  const ACCOUNT = 'query($ref: AccountRef!) { account(ref: $ref) { id } }';

  it('upserts an ELEME account, which links to the member holding the same phone', async () => {
    const phone = uniquePhone();
    const taobao = await api.ok(UPSERT_MEMBER, { input: { app: 'TAOBAO', externalId: unique('tb'), identifiers: [{ kind: 'PHONE', value: phone }] } }, admin);
    const input = { app: 'ELEME', externalId: unique('ele'), displayName: 'Li Wei', identifiers: [{ kind: 'PHONE', value: phone }] };
    const res = await api.gql(UPSERT, { input }, partner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.upsertAccount).toMatchObject({ decision: 'LINK', account: { externalId: input.externalId, app: { code: 'ELEME' } }, member: { id: taobao.upsertAccount.member.id } });
    const again = await api.gql(UPSERT, { input }, partner);
    expect(again.data!.upsertAccount.member.id).toBe(taobao.upsertAccount.member.id);
  });

  it("refuses another app's account, and writes nothing", async () => {
    const ref = { app: 'TAOBAO', externalId: unique('tb') };
    const res = await api.gql(UPSERT, { input: { ...ref, identifiers: [] } }, partner);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect((await api.ok(ACCOUNT, { ref }, admin)).account).toBeNull();
  });

  it('answers only what partners may read: a hidden field is null with FORBIDDEN, the rest is there', async () => {
    const input = { app: 'ELEME', externalId: unique('ele'), displayName: 'Zhao Min', identifiers: [{ kind: 'PHONE', value: uniquePhone() }] };
    const res = await api.gql('mutation($input: AccountInput!) { upsertAccount(input: $input) { decision account { externalId displayName } member { id tags } } }', { input }, partner);
    expect(res.data!.upsertAccount).toEqual({ decision: 'NO_MATCH', account: { externalId: input.externalId, displayName: null }, member: { id: expect.any(String), tags: null } });
    expect(res.errors!.map((e) => [e.extensions?.code, e.path?.join('.')]).sort()).toEqual([
      ['FORBIDDEN', 'upsertAccount.account.displayName'],
      ['FORBIDDEN', 'upsertAccount.member.tags'],
    ]);
  });

  it('upserts a batch in one call, one result per input in order, matched as one by one', async () => {
    const phone = uniquePhone();
    const inputs = [
      { app: 'ELEME', externalId: unique('ele'), identifiers: [{ kind: 'PHONE', value: phone }] },
      { app: 'ELEME', externalId: unique('ele'), identifiers: [{ kind: 'EMAIL', value: `${unique('e')}@example.com` }] },
      { app: 'ELEME', externalId: unique('ele'), identifiers: [{ kind: 'PHONE', value: phone }] },
    ];
    const res = await api.gql(UPSERT_MANY, { inputs }, partner);
    expect(res.errors).toBeUndefined();
    const results = res.data!.upsertAccounts as { decision: string; account: { externalId: string }; member: { id: string } }[];
    expect(results.map((r) => r.account.externalId)).toEqual(inputs.map((i) => i.externalId));
    expect(results.map((r) => r.decision)).toEqual(['NO_MATCH', 'NO_MATCH', 'LINK']);
    expect(results[2].member.id).toBe(results[0].member.id);
    expect(results[1].member.id).not.toBe(results[0].member.id);
  });

  it('takes 1,000 accounts at once, and not 1,001', async () => {
    const inputs = Array.from({ length: 1000 }, () => ({ app: 'ELEME', externalId: unique('bulk'), identifiers: [] }));
    const res = await api.gql('mutation($inputs: [AccountInput!]!) { upsertAccounts(inputs: $inputs) { decision } }', { inputs }, partner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.upsertAccounts).toHaveLength(1000);
    const tooMany = await api.gql(UPSERT_MANY, { inputs: [...inputs, { app: 'ELEME', externalId: unique('bulk'), identifiers: [] }] }, partner);
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
    expect((await api.gql(UPSERT_MANY, { inputs: [] }, partner)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is all or none: one bad input, or one account of another app, writes nothing of the batch', async () => {
    const good = { app: 'ELEME', externalId: unique('ele'), identifiers: [{ kind: 'PHONE', value: uniquePhone() }] };
    const bad = { app: 'ELEME', externalId: unique('ele'), identifiers: [{ kind: 'PHONE', value: 'not a phone' }] };
    const invalid = await api.gql(UPSERT_MANY, { inputs: [good, bad] }, partner);
    expect(codeOf(invalid)).toBe('INVALID_IDENTIFIER');
    expect(invalid.errors![0].extensions?.index).toBe(1);
    expect(invalid.errors![0].message).toMatch(/^inputs\[1\]: /);
    const foreign = await api.gql(UPSERT_MANY, { inputs: [good, { app: 'TAOBAO', externalId: unique('tb'), identifiers: [] }] }, partner);
    expect(codeOf(foreign)).toBe('FORBIDDEN');
    expect((await api.ok(ACCOUNT, { ref: { app: good.app, externalId: good.externalId } }, admin)).account).toBeNull();
  });
});

describe('a field a partner may not read', () => {
  it('is null by itself, with FORBIDDEN at its path; linkedApps and the rest of resolveIdentity are answered', async () => {
    const { memberId, refs } = await memberWith(['TAOBAO', 'ELEME']);
    const res = await api.gql(
      'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { linkedApps account { externalId displayName } member { id displayName tags annualSpend loyaltyHistory { score } auditTrail { type } } } }',
      { ref: refs.ELEME },
      partner,
    );
    expect(res.data!.resolveIdentity).toEqual({
      linkedApps: ['ELEME', 'TAOBAO'],
      account: { externalId: refs.ELEME.externalId, displayName: null },
      member: { id: memberId, displayName: null, tags: null, annualSpend: null, loyaltyHistory: null, auditTrail: null },
    });
    const denied = res.errors!.map((e) => `${e.extensions?.code} ${e.path?.join('.')}`).sort();
    expect(denied).toEqual([
      'FORBIDDEN resolveIdentity.account.displayName',
      'FORBIDDEN resolveIdentity.member.annualSpend',
      'FORBIDDEN resolveIdentity.member.auditTrail',
      'FORBIDDEN resolveIdentity.member.displayName',
      'FORBIDDEN resolveIdentity.member.loyaltyHistory',
      'FORBIDDEN resolveIdentity.member.tags',
    ]);
    for (const error of res.errors!) expect(error.message).toMatch(/^Not allowed: partner may not read /);
  });
});

describe('blank ids and unknown accounts', () => {
  it.each([
    ['member(id: "")', '{ member(id: "") { id } }'],
    ['member(id: "  ")', '{ member(id: "  ") { id } }'],
    ['neighborhood(id: "")', '{ neighborhood(id: "") { truncated } }'],
    ['previewMerge(memberIds: ["x", ""])', '{ previewMerge(memberIds: ["x", ""]) { allowed } }'],
    ['explainMatchByIds(a: "", b: "x")', '{ explainMatchByIds(a: "", b: "x") { score } }'],
  ])('%s is BAD_USER_INPUT naming the argument', async (_name, query) => {
    const res = await api.gql(query, undefined, analyst);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/must not be blank/);
  });

  it('keeps an unknown (not blank) member id a null member', async () => {
    const res = await api.gql('{ member(id: "no-such-member") { id } }', undefined, analyst);
    expect(res.errors).toBeUndefined();
    expect(res.data!.member).toBeNull();
  });

  const PATH = 'query($a: AccountRef!, $b: AccountRef!) { shortestPath(a: $a, b: $b) { length } }';

  it('shortestPath: NOT_FOUND for an account that does not exist, null when no chain joins two that do', async () => {
    const { refs } = await memberWith(['TAOBAO', 'ELEME']);
    const stranger = (await memberWith(['YOUKU'])).refs.YOUKU;
    const joined = await api.gql(PATH, { a: refs.TAOBAO, b: refs.ELEME }, admin);
    expect(joined.data!.shortestPath.length).toBeGreaterThan(0);
    const apart = await api.gql(PATH, { a: refs.TAOBAO, b: stranger }, admin);
    expect(apart.errors).toBeUndefined();
    expect(apart.data!.shortestPath).toBeNull();
    const unknown = await api.gql(PATH, { a: refs.TAOBAO, b: { app: 'YOUKU', externalId: unique('nobody') } }, admin);
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    expect(unknown.errors![0].extensions?.field).toBe('b');
    const unknownA = await api.gql(PATH, { a: { app: 'TAOBAO', externalId: unique('nobody') }, b: refs.ELEME }, admin);
    expect(unknownA.errors![0].extensions?.field).toBe('a');
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(api.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

  it('answers a preflight from an allowed origin with what it may send', async () => {
    const res = await preflight(ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('allows no other origin', async () => {
    const res = await preflight('https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
    const post = await fetch(api.url, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json', ...partner }, body: JSON.stringify({ query: '{ brands(first: 1) { id } }' }) });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('names the allowed origin on the answer itself, errors included', async () => {
    const ok = await fetch(api.url, { method: 'POST', headers: { origin: 'http://localhost:5173', 'content-type': 'application/json', ...partner }, body: JSON.stringify({ query: '{ brands(first: 1) { id } }' }) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(ok.headers.get('vary')).toMatch(/Origin/);
    const unauthenticated = await fetch(api.url, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ brands(first: 1) { id } }' }) });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});
