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
    tokens.memberSelf = bearer(await token({ role: 'member', sub: world.m1, acct: `TAOBAO:${world.m1Taobao.externalId}` }));
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
    const externalId = unique('amap');
    const created = await as(admin, UPSERT_MEMBER, { input: { app: 'AMAP', externalId, identifiers: [] } });
    const id = created.data!.upsertAccount.member.id;
    const res = await as(bearer(await token({ role: 'member', sub: id, acct: `AMAP:${externalId}` })), 'mutation($id: ID!) { eraseMember(id: $id) }', { id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.eraseMember).toBe(true);
  });
});

describe('merges and member tokens (issue 28: the identity handed over by a merge)', () => {
  const ERASE = 'mutation($id: ID!) { eraseMember(id: $id) }';
  const PROFILE = 'query($id: ID!) { member(id: $id) { id displayName loyaltyScore accounts { externalId } } }';
  const UPSERT = 'mutation($input: AccountInput!) { upsertAccount(input: $input) { member { id } mergedMemberIds } }';
  const upsert = async (input: Record<string, unknown>) => (await as(admin, UPSERT, { input })).data!.upsertAccount;
  const memberToken = async (sub: string, acct?: string) => bearer(await token({ role: 'member', sub, ...(acct ? { acct } : {}) }));

  it('leaves the victim unreadable and unerasable by the attacker\'s token when a new account carries the victim\'s phone', async () => {
    const [own, victims] = [uniquePhone(), uniquePhone()];
    const v1 = await upsert({ app: 'TAOBAO', externalId: unique('v'), displayName: 'Victim', identifiers: [{ kind: 'PHONE', value: victims, verified: true }] });
    await upsert({ app: 'TMALL', externalId: unique('v'), displayName: 'Victim', identifiers: [{ kind: 'PHONE', value: victims, verified: true }] });
    const koubei = unique('kb');
    const a = await upsert({ app: 'KOUBEI', externalId: koubei, identifiers: [{ kind: 'PHONE', value: own, verified: true }] });
    // The attack: sign up on AMAP with one's own phone (verified by SMS) and the victim's.
    const bridge = await upsert({ app: 'AMAP', externalId: unique('amap'), identifiers: [{ kind: 'PHONE', value: own, verified: true }, { kind: 'PHONE', value: victims }] });
    expect(bridge.member.id).toBe(a.member.id);
    const attacker = await memberToken(a.member.id, `KOUBEI:${koubei}`);
    const read = await as(attacker, PROFILE, { id: v1.member.id });
    expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(read.data?.member ?? null).toBeNull();
    const erase = await as(attacker, ERASE, { id: v1.member.id });
    expect(erase.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const victim = await as(admin, PROFILE, { id: v1.member.id });
    expect(victim.data!.member.accounts).toHaveLength(2);
  });

  it('gives a token of a member merged away no rights at all (MEMBER_MERGED), even over the member it was merged into', async () => {
    const [p1, p2] = [uniquePhone(), uniquePhone()];
    const big = await upsert({ app: 'TAOBAO', externalId: unique('b'), identifiers: [{ kind: 'PHONE', value: p1 }] });
    await upsert({ app: 'TMALL', externalId: unique('b'), identifiers: [{ kind: 'PHONE', value: p1 }] });
    const smallRef = unique('s');
    const small = await upsert({ app: 'YOUKU', externalId: smallRef, identifiers: [{ kind: 'PHONE', value: p2 }] });
    const bridge = await upsert({ app: 'FLIGGY', externalId: unique('f'), identifiers: [{ kind: 'PHONE', value: p1, verified: true }, { kind: 'PHONE', value: p2, verified: true }] });
    expect(bridge.mergedMemberIds).toEqual([small.member.id]);
    const merged = await memberToken(small.member.id, `YOUKU:${smallRef}`);
    for (const id of [small.member.id, big.member.id]) {
      const read = await as(merged, PROFILE, { id });
      expect(read.errors?.[0].extensions?.code).toBe('MEMBER_MERGED');
      expect((await as(merged, ERASE, { id })).errors?.[0].extensions?.code).toBe('MEMBER_MERGED');
    }
    expect((await as(admin, PROFILE, { id: big.member.id })).data!.member.accounts).toHaveLength(4);
  });

  it('erases, unlinks and withdraws consent only for a token whose sign-in account is anchored in the member, never through an automatic link', async () => {
    const phone = uniquePhone();
    const founderRef = unique('tb');
    const founder = await upsert({ app: 'TAOBAO', externalId: founderRef, identifiers: [{ kind: 'PHONE', value: phone }] });
    // An account linked only because it carries the member's phone (unverified): someone else may have typed it.
    const hijackRef = unique('amap');
    const hijack = await upsert({ app: 'AMAP', externalId: hijackRef, identifiers: [{ kind: 'PHONE', value: phone }] });
    expect(hijack.member.id).toBe(founder.member.id);
    // One that verified the phone by SMS: its holder controls the member's phone.
    const verifiedRef = unique('ele');
    await upsert({ app: 'ELEME', externalId: verifiedRef, identifiers: [{ kind: 'PHONE', value: phone, verified: true }] });
    const id = founder.member.id;
    const WITHDRAW = 'mutation($ref: AccountRef!) { withdrawConsent(ref: $ref, purposes: [MARKETING]) { externalId } }';

    for (const headers of [await memberToken(id), await memberToken(id, `AMAP:${hijackRef}`)]) {
      expect((await as(headers, ERASE, { id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await as(headers, WITHDRAW, { ref: { app: 'TAOBAO', externalId: founderRef } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      // Reading stays open to the member's token.
      expect((await as(headers, PROFILE, { id })).data!.member.accounts).toHaveLength(3);
    }
    const viaVerified = await as(await memberToken(id, `ELEME:${verifiedRef}`), WITHDRAW, { ref: { app: 'TAOBAO', externalId: founderRef } });
    expect(viaVerified.errors).toBeUndefined();
    const byFounder = await as(await memberToken(id, `TAOBAO:${founderRef}`), ERASE, { id });
    expect(byFounder.errors).toBeUndefined();
    expect(byFounder.data!.eraseMember).toBe(true);
  });

  it('refuses a member token whose acct claim is not APP:externalId', async () => {
    const res = await as(await memberToken(world.m1, 'no-colon-here'), '{ brands(first: 1) { id } }');
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
