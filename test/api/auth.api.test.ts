import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { startTestApi, TestApi, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { bearer, TEST_SECRET, token, unsignedToken } from '../support/tokens';

let api: TestApi;
let admin: Record<string, string>;
const world = {
  m1: '', m2: '',
  m1Taobao: { app: 'TAOBAO', externalId: '' },
  m1Eleme: { app: 'ELEME', externalId: '' },
  m2Youku: { app: 'YOUKU', externalId: '' },
};

async function as(headers: Record<string, string>, query: string, variables?: Record<string, unknown>) {
  return api.gql(query, variables, headers);
}

beforeAll(async () => {
  api = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET });
  admin = bearer(await token({ role: 'admin', sub: 'ops-1' }));
  const phone = uniquePhone();
  world.m1Taobao.externalId = unique('tb');
  world.m1Eleme.externalId = unique('ele');
  world.m2Youku.externalId = unique('yk');
  const upsert = UPSERT_MEMBER;
  const a = await as(admin, upsert, { input: { ...world.m1Taobao, displayName: 'Li Wei', identifiers: [{ kind: 'PHONE', value: phone }] } });
  await as(admin, upsert, { input: { ...world.m1Eleme, identifiers: [{ kind: 'PHONE', value: phone }] } });
  const c = await as(admin, upsert, { input: { ...world.m2Youku, displayName: 'Zhao Lei', identifiers: [] } });
  world.m1 = a.data!.upsertAccount.member.id;
  world.m2 = c.data!.upsertAccount.member.id;
});
afterAll(() => api.stop());

describe('authentication', () => {
  const query = '{ brands(first: 1) { id } }';

  it('refuses a request without a token when keys are configured', async () => {
    const res = await api.gql(query);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['expired', () => token({ role: 'admin' }, { expiresIn: Math.floor(Date.now() / 1000) - 10 })],
    ['unsigned (alg: none)', async () => unsignedToken({ role: 'admin' })],
    ['signed with another key', () => token({ role: 'admin' }, { secret: 'another-secret-that-is-also-32-characters-long!!' })],
    ['without a valid role', () => token({ role: 'root' })],
    ['a member token without sub', () => token({ role: 'member' })],
    ['a partner token without app', () => token({ role: 'partner' })],
  ])('refuses a token that is %s with UNAUTHENTICATED', async (_label, make) => {
    const res = await as(bearer(await make()), query);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0].extensions).not.toHaveProperty('http');
  });

  it('accepts RS256 tokens checked against a PEM public key, with issuer and audience', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-'));
    const file = path.join(dir, 'public.pem');
    fs.writeFileSync(file, publicKey.export({ type: 'spki', format: 'pem' }));
    const rsa = await startTestApi({ AUTH_JWT_PUBLIC_KEY_FILE: file, AUTH_JWT_ISSUER: 'https://id.example', AUTH_JWT_AUDIENCE: 'identity-graph' });
    try {
      const sign = (claims: Record<string, unknown>, iss: string) =>
        new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).setIssuer(iss).setAudience('identity-graph').setExpirationTime('1m').sign(privateKey);
      const good = await rsa.gql(query, undefined, bearer(await sign({ role: 'analyst' }, 'https://id.example')));
      expect(good.errors).toBeUndefined();
      const wrongIssuer = await rsa.gql(query, undefined, bearer(await sign({ role: 'analyst' }, 'https://evil.example')));
      expect(wrongIssuer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const hs = await rsa.gql(query, undefined, bearer(await token({ role: 'admin' })));
      expect(hs.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await rsa.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('authorization: the role matrix', () => {
  type Who = 'memberSelf' | 'partnerEleme' | 'partnerYouku' | 'partnerAlipay' | 'analyst' | 'admin';
  const tokens: Record<Who, Record<string, string>> = {} as never;
  beforeAll(async () => {
    tokens.memberSelf = bearer(await token({ role: 'member', sub: world.m1 }));
    tokens.partnerEleme = bearer(await token({ role: 'partner', app: 'ELEME', sub: 'eleme-backend' }));
    tokens.partnerYouku = bearer(await token({ role: 'partner', app: 'YOUKU', sub: 'youku-backend' }));
    tokens.partnerAlipay = bearer(await token({ role: 'partner', app: 'ALIPAY', sub: 'alipay-payments' }));
    tokens.analyst = bearer(await token({ role: 'analyst', sub: 'analyst-7' }));
    tokens.admin = admin;
  });

  const cases: { name: string; query: string; variables: () => Record<string, unknown>; allowed: Who[] }[] = [
    { name: 'member(own id)', query: 'query($id: ID!) { member(id: $id) { id } }', variables: () => ({ id: world.m1 }), allowed: ['memberSelf', 'analyst', 'admin'] },
    { name: "member(another's id)", query: 'query($id: ID!) { member(id: $id) { id } }', variables: () => ({ id: world.m2 }), allowed: ['analyst', 'admin'] },
    { name: 'account(ELEME ref)', query: 'query($ref: AccountRef!) { account(ref: $ref) { id } }', variables: () => ({ ref: world.m1Eleme }), allowed: ['memberSelf', 'partnerEleme', 'analyst', 'admin'] },
    { name: 'resolveIdentity(ELEME ref)', query: 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { id } linkedApps } }', variables: () => ({ ref: world.m1Eleme }), allowed: ['memberSelf', 'partnerEleme', 'analyst', 'admin'] },
    { name: 'resolveIdentity(...) { member { accounts } }', query: 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { accounts { externalId } } } }', variables: () => ({ ref: world.m1Eleme }), allowed: ['memberSelf', 'analyst', 'admin'] },
    { name: 'account(...) { identifiers }', query: 'query($ref: AccountRef!) { account(ref: $ref) { identifiers { masked } } }', variables: () => ({ ref: world.m1Eleme }), allowed: ['memberSelf', 'analyst', 'admin'] },
    { name: 'benefitEligibility(ELEME ref)', query: 'query($ref: AccountRef!) { benefitEligibility(ref: $ref, benefitId: "vip88-eleme-red-envelope") { eligible } }', variables: () => ({ ref: world.m1Eleme }), allowed: ['memberSelf', 'partnerEleme', 'analyst', 'admin'] },
    { name: 'explainMatch', query: 'query($a: AccountRef!, $b: AccountRef!) { explainMatch(a: $a, b: $b) { score } }', variables: () => ({ a: world.m1Eleme, b: world.m2Youku }), allowed: ['analyst', 'admin'] },
    { name: 'explainMatchByIds', query: 'query { explainMatchByIds(a: "no-such-account", b: "nor-this-one") { score } }', variables: () => ({}), allowed: ['analyst', 'admin'] },
    { name: 'reviewQueue', query: '{ reviewQueue(first: 1) { id } }', variables: () => ({}), allowed: ['analyst', 'admin'] },
    { name: 'reviews', query: '{ reviews(first: 1) { totalCount edges { node { id } } } }', variables: () => ({}), allowed: ['analyst', 'admin'] },
    { name: 'auditEvents(own)', query: 'query($id: ID!) { auditEvents(memberId: $id, first: 1) { totalCount } }', variables: () => ({ id: world.m1 }), allowed: ['memberSelf', 'analyst', 'admin'] },
    { name: "auditEvents(another's)", query: 'query($id: ID!) { auditEvents(memberId: $id, first: 1) { totalCount } }', variables: () => ({ id: world.m2 }), allowed: ['analyst', 'admin'] },
    { name: 'segmentMembers', query: '{ segmentMembers(expr: {tag: "no-member-has-this-tag"}, first: 1) { totalCount edges { cursor } } }', variables: () => ({}), allowed: ['analyst', 'admin'] },
    { name: 'brands', query: '{ brands(first: 1) { id } }', variables: () => ({}), allowed: ['memberSelf', 'partnerEleme', 'partnerYouku', 'partnerAlipay', 'analyst', 'admin'] },
    { name: 'upsertAccount', query: 'mutation($input: AccountInput!) { upsertAccount(input: $input) { decision } }', variables: () => ({ input: { app: 'ELEME', externalId: unique('ele'), identifiers: [] } }), allowed: ['admin'] },
    { name: 'recordEvent(ELEME)', query: 'mutation($input: EventInput!) { recordEvent(input: $input) }', variables: () => ({ input: { ref: world.m1Eleme, type: 'VIEW', at: new Date().toISOString() } }), allowed: ['partnerEleme', 'admin'] },
    { name: 'redeemBenefit(ELEME ref)', query: 'mutation($ref: AccountRef!, $k: String!) { redeemBenefit(ref: $ref, benefitId: "vip88-eleme-red-envelope", idempotencyKey: $k) { id } }', variables: () => ({ ref: world.m1Eleme, k: unique('k') }), allowed: ['memberSelf', 'partnerEleme', 'admin'] },
    { name: 'setLoyaltyScore', query: 'mutation($id: ID!) { setLoyaltyScore(memberId: $id, score: 1200) { id } }', variables: () => ({ id: world.m1 }), allowed: ['admin'] },
    { name: 'joinProgram(own) (a purchase: the payments app reports it)', query: 'mutation($id: ID!, $k: String!) { joinProgram(memberId: $id, program: "88VIP", paymentRef: $k) { status } }', variables: () => ({ id: world.m1, k: unique('pay') }), allowed: ['partnerAlipay', 'admin'] },
    { name: "joinProgram(another's)", query: 'mutation($id: ID!, $k: String!) { joinProgram(memberId: $id, program: "88VIP", paymentRef: $k) { status } }', variables: () => ({ id: world.m2, k: unique('pay') }), allowed: ['partnerAlipay', 'admin'] },
    { name: 'grantLinkConsent(own ref)', query: 'mutation($ref: AccountRef!, $to: AccountRef!) { grantLinkConsent(ref: $ref, to: $to) { expiresAt } }', variables: () => ({ ref: world.m1Eleme, to: world.m2Youku }), allowed: ['memberSelf', 'admin'] },
    { name: "grantLinkConsent(another's ref)", query: 'mutation($ref: AccountRef!, $to: AccountRef!) { grantLinkConsent(ref: $ref, to: $to) { expiresAt } }', variables: () => ({ ref: world.m2Youku, to: world.m1Eleme }), allowed: ['admin'] },
    { name: 'linkAccounts(own a, own b)', query: 'mutation($a: AccountRef!, $b: AccountRef!) { linkAccounts(a: $a, b: $b, consentId: "c") { id } }', variables: () => ({ a: world.m1Taobao, b: world.m1Eleme }), allowed: ['memberSelf', 'admin'] },
    { name: "linkAccounts(own a, another's b) without consent (regression: takeover)", query: 'mutation($a: AccountRef!, $b: AccountRef!) { linkAccounts(a: $a, b: $b, consentId: "c") { id } }', variables: () => ({ a: world.m1Taobao, b: { app: 'KOUBEI', externalId: unique('nobody') } }), allowed: ['admin'] },
    { name: 'benefitEligibility(ELEME ref, YOUKU benefit)', query: 'query($ref: AccountRef!) { benefitEligibility(ref: $ref, benefitId: "vip88-youku-vip") { eligible } }', variables: () => ({ ref: world.m1Eleme }), allowed: ['memberSelf', 'analyst', 'admin'] },
    { name: 'redeemBenefit(ELEME ref, YOUKU benefit)', query: 'mutation($ref: AccountRef!, $k: String!) { redeemBenefit(ref: $ref, benefitId: "vip88-youku-vip", idempotencyKey: $k) { id } }', variables: () => ({ ref: world.m1Eleme, k: unique('k') }), allowed: ['memberSelf', 'admin'] },
    { name: 'recordEvent(ELEME PURCHASE)', query: 'mutation($input: EventInput!) { recordEvent(input: $input) }', variables: () => ({ input: { ref: world.m1Eleme, type: 'PURCHASE', amount: 20, at: new Date().toISOString() } }), allowed: ['admin'] },
    { name: 'resolveIdentity(...) { member { programEligibility } }', query: 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { programEligibility(program: "88VIP") { price } } } }', variables: () => ({ ref: world.m1Eleme }), allowed: ['memberSelf', 'analyst', 'admin'] },
    { name: 'resolveIdentity(...) { member { memberships } }', query: 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { memberships { pricePaid } } } }', variables: () => ({ ref: world.m1Eleme }), allowed: ['memberSelf', 'analyst', 'admin'] },
    { name: "unlinkAccount(another's)", query: 'mutation($ref: AccountRef!) { unlinkAccount(ref: $ref, reason: "x") { id } }', variables: () => ({ ref: world.m2Youku }), allowed: ['admin'] },
    { name: "eraseMember(another's)", query: 'mutation { eraseMember(id: "nobody-at-all") }', variables: () => ({}), allowed: ['admin'] },
    { name: 'acceptMatch', query: 'mutation { acceptMatch(id: "no-such-review") { id } }', variables: () => ({}), allowed: ['admin'] },
    { name: "withdrawConsent(another's)", query: 'mutation($ref: AccountRef!) { withdrawConsent(ref: $ref, purposes: [MARKETING]) { id } }', variables: () => ({ ref: world.m2Youku }), allowed: ['admin'] },
    { name: 'withdrawConsent(own)', query: 'mutation($ref: AccountRef!) { withdrawConsent(ref: $ref, purposes: [MARKETING]) { id } }', variables: () => ({ ref: world.m1Eleme }), allowed: ['memberSelf', 'admin'] },
    { name: 'previewLink(own, own)', query: 'query($a: AccountRef!, $b: AccountRef!) { previewLink(a: $a, b: $b) { allowed } }', variables: () => ({ a: world.m1Eleme, b: world.m1Taobao }), allowed: ['memberSelf', 'analyst', 'admin'] },
    { name: "previewLink(own, another's)", query: 'query($a: AccountRef!, $b: AccountRef!) { previewLink(a: $a, b: $b) { allowed } }', variables: () => ({ a: world.m1Eleme, b: world.m2Youku }), allowed: ['analyst', 'admin'] },
    { name: 'previewMerge', query: 'query($ids: [ID!]!) { previewMerge(memberIds: $ids) { allowed } }', variables: () => ({ ids: [world.m1, world.m2] }), allowed: ['analyst', 'admin'] },
    { name: 'mergeMembers', query: 'mutation { mergeMembers(memberIds: ["nobody-1", "nobody-2"]) { id } }', variables: () => ({}), allowed: ['admin'] },
    { name: 'identityChanges(ELEME)', query: '{ identityChanges(app: "ELEME", first: 1) { offset } }', variables: () => ({}), allowed: ['partnerEleme', 'admin'] },
  ];

  const everyone: Who[] = ['memberSelf', 'partnerEleme', 'partnerYouku', 'partnerAlipay', 'analyst', 'admin'];
  for (const c of cases) {
    for (const who of everyone) {
      const allowed = c.allowed.includes(who);
      it(`${who} ${allowed ? 'may' : 'may not'} use ${c.name}`, async () => {
        const res = await as(tokens[who], c.query, c.variables());
        const codes = (res.errors ?? []).map((e) => e.extensions?.code);
        if (allowed) expect(codes).not.toContain('FORBIDDEN');
        else expect(codes).toContain('FORBIDDEN');
        expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
      });
    }
  }

  it('shows analysts personal data masked', async () => {
    const res = await as(tokens.analyst, 'query($id: ID!) { member(id: $id) { displayName accounts { externalId displayName } } }', { id: world.m1 });
    expect(res.data!.member.displayName).toBe('L***');
    for (const account of res.data!.member.accounts) expect(account.externalId).toMatch(/^.\*\*\*$/);
  });

  it('tells a partner the member id, linked app codes and eligibility only', async () => {
    const res = await as(tokens.partnerEleme, 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { id benefits(app: "ELEME") { eligible reasons } } linkedApps account { externalId } } }', { ref: world.m1Eleme });
    expect(res.errors).toBeUndefined();
    expect(res.data!.resolveIdentity).toEqual({
      member: { id: world.m1, benefits: [{ eligible: expect.any(Boolean), reasons: expect.arrayContaining([expect.any(String)]) }] },
      linkedApps: ['ELEME', 'TAOBAO'],
      account: { externalId: world.m1Eleme.externalId },
    });
    expect(JSON.stringify(res)).not.toContain(world.m1Taobao.externalId);
  });

  it('lets a member erase itself', async () => {
    const created = await as(admin, UPSERT_MEMBER, { input: { app: 'AMAP', externalId: unique('amap'), identifiers: [] } });
    const id = created.data!.upsertAccount.member.id;
    const res = await as(bearer(await token({ role: 'member', sub: id })), 'mutation($id: ID!) { eraseMember(id: $id) }', { id });
    expect(res.data!.eraseMember).toBe(true);
  });
});
