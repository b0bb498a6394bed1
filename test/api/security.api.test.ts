import { loadStandings } from '../../src/membership/membership.repository';
import { joinProgram } from '../../src/membership/membership.service';
import { codeOf, startTestApi, TestApi, testConfig, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { bearer, TEST_SECRET, token } from '../support/tokens';

// One test per hole found by the outside attack (issue "Close the holes an outside attack found"); each failed on
// the code before the fix.

type Ref = { app: string; externalId: string };
type Headers = Record<string, string>;

let api: TestApi;
let admin: Headers;
const UPSERT = UPSERT_MEMBER;
const LINK = 'mutation($a: AccountRef!, $b: AccountRef!, $t: String) { linkAccounts(a: $a, b: $b, consentId: "c-1", consentToken: $t) { id accounts { externalId } } }';
const GRANT = 'mutation($ref: AccountRef!, $to: AccountRef!) { grantLinkConsent(ref: $ref, to: $to) { token expiresAt } }';
const REDEEM = 'mutation($ref: AccountRef!, $b: ID!, $k: String!) { redeemBenefit(ref: $ref, benefitId: $b, idempotencyKey: $k) { id } }';
const EVENT = 'mutation($input: EventInput!) { recordEvent(input: $input) }';

async function as(headers: Headers, query: string, variables?: Record<string, unknown>) {
  return api.gql(query, variables, headers);
}

/** A member whose accounts on `apps` share one phone; returns its id and refs. */
async function member(apps: string[]): Promise<{ id: string; refs: Record<string, Ref> }> {
  const phone = uniquePhone();
  const refs: Record<string, Ref> = {};
  let id = '';
  for (const app of apps) {
    refs[app] = { app, externalId: unique(app.toLowerCase()) };
    const res = await as(admin, UPSERT, { input: { ...refs[app], displayName: 'Chen Jie', identifiers: [{ kind: 'PHONE', value: phone }] } });
    id = res.data!.upsertAccount.member.id;
  }
  return { id, refs };
}

const memberToken = async (id: string, acct?: Ref) => bearer(await token({ role: 'member', sub: id, ...(acct ? { acct: `${acct.app}:${acct.externalId}` } : {}) }));
const partnerToken = async (app: string) => bearer(await token({ role: 'partner', app, sub: `${app.toLowerCase()}-backend` }));

async function accountsOf(id: string): Promise<string[]> {
  const res = await as(admin, 'query($id: ID!) { member(id: $id) { id accounts { externalId } } }', { id });
  return res.data!.member ? res.data!.member.accounts.map((a: { externalId: string }) => a.externalId).sort() : [];
}

beforeAll(async () => {
  api = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET });
  admin = bearer(await token({ role: 'admin', sub: 'ops-1' }));
});
afterAll(() => api.stop());

describe('1. member takeover through linkAccounts', () => {
  it('refuses linking another member\'s account with a made-up consentId, and changes nothing', async () => {
    const attacker = await member(['TMALL']);
    const victim = await member(['TAOBAO', 'ELEME']);
    const before = await accountsOf(victim.id);
    const res = await as(await memberToken(attacker.id), LINK, { a: attacker.refs.TMALL, b: victim.refs.TAOBAO });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(await accountsOf(victim.id)).toEqual(before);
    expect(await accountsOf(attacker.id)).toEqual([attacker.refs.TMALL.externalId]);
  });

  it('refuses a consent token that the server did not sign', async () => {
    const attacker = await member(['TMALL']);
    const victim = await member(['TAOBAO']);
    const forged = await token({ ref: ['TAOBAO', victim.refs.TAOBAO.externalId], to: ['TMALL', attacker.refs.TMALL.externalId], aud: 'identity-graph:link-consent', sub: victim.id, jti: 'x' });
    const res = await as(await memberToken(attacker.id), LINK, { a: attacker.refs.TMALL, b: victim.refs.TAOBAO, t: forged });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(await accountsOf(victim.id)).toEqual([victim.refs.TAOBAO.externalId]);
  });

  it('links with the consent b\'s owner granted, exactly once, and only for the accounts it names', async () => {
    const one = await member(['TMALL']);
    const two = await member(['TAOBAO', 'YOUKU']);
    const third = await member(['FLIGGY']);
    const grantedByTwo = await as(await memberToken(two.id), GRANT, { ref: two.refs.TAOBAO, to: one.refs.TMALL });
    expect(grantedByTwo.errors).toBeUndefined();
    const { token: consent } = grantedByTwo.data!.grantLinkConsent;

    // The token names TAOBAO → TMALL: a third member cannot spend it, nor can it link another account.
    expect(codeOf(await as(await memberToken(third.id), LINK, { a: third.refs.FLIGGY, b: two.refs.TAOBAO, t: consent }))).toBe('FORBIDDEN');
    expect(codeOf(await as(await memberToken(one.id), LINK, { a: one.refs.TMALL, b: two.refs.YOUKU, t: consent }))).toBe('FORBIDDEN');

    const linked = await as(await memberToken(one.id), LINK, { a: one.refs.TMALL, b: two.refs.TAOBAO, t: consent });
    expect(linked.errors).toBeUndefined();
    const survivor = linked.data!.linkAccounts.id;
    expect(linked.data!.linkAccounts.accounts.map((a: Ref) => a.externalId).sort()).toEqual(
      [one.refs.TMALL.externalId, two.refs.TAOBAO.externalId, two.refs.YOUKU.externalId].sort(),
    );

    // Unlinked again by its owner (signed in with it: it was linked on the member's word), the account cannot be
    // pulled back with the spent token.
    const unlinked = await as(await memberToken(survivor, two.refs.TAOBAO), 'mutation($ref: AccountRef!) { unlinkAccount(ref: $ref, reason: "changed my mind") { id } }', { ref: two.refs.TAOBAO });
    expect(unlinked.errors).toBeUndefined();
    const replay = await as(await memberToken(survivor), LINK, { a: one.refs.TMALL, b: two.refs.TAOBAO, t: consent });
    expect(codeOf(replay)).toBe('FORBIDDEN');
  });

  it('lets only the owner of an account grant consent for it', async () => {
    const attacker = await member(['TMALL']);
    const victim = await member(['TAOBAO']);
    const res = await as(await memberToken(attacker.id), GRANT, { ref: victim.refs.TAOBAO, to: attacker.refs.TMALL });
    expect(codeOf(res)).toBe('FORBIDDEN');
  });
});

describe('2. partner scope', () => {
  let m: { id: string; refs: Record<string, Ref> };
  beforeAll(async () => {
    m = await member(['TAOBAO', 'ELEME']);
    await as(admin, 'mutation($id: ID!) { setLoyaltyScore(memberId: $id, score: 1234) { id } }', { id: m.id });
    await as(admin, 'mutation($id: ID!, $pay: String!) { joinProgram(memberId: $id, program: "88VIP", paymentRef: $pay) { status } }', { id: m.id, pay: unique('pay') });
  });

  it.each([
    ['programEligibility', '{ programEligibility(program: "APASS") { reasons } }'],
    ['memberships', '{ memberships { pricePaid } }'],
    ['annualSpend', '{ annualSpend }'],
  ])('hides %s from partners', async (_name, selection) => {
    const res = await as(await partnerToken('ELEME'), `query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member ${selection} } }`, { ref: m.refs.ELEME });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(JSON.stringify(res)).not.toMatch(/1234|888|88\b/);
  });

  it('shows a partner only its own app\'s benefits, with reasons that carry no hidden numbers', async () => {
    const res = await as(await partnerToken('ELEME'), 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { id benefits { benefit { id app { code } } eligible reasons } } linkedApps } }', { ref: m.refs.ELEME });
    expect(res.errors).toBeUndefined();
    const benefits = res.data!.resolveIdentity.member.benefits;
    expect(benefits.length).toBeGreaterThan(0);
    expect(benefits.every((b: any) => b.benefit.app.code === 'ELEME')).toBe(true);
    const text = JSON.stringify(benefits.map((b: any) => b.reasons));
    expect(text).toContain('88VIP membership active');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const other = await as(await partnerToken('ELEME'), 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { benefits(app: "TAOBAO") { eligible } } } }', { ref: m.refs.ELEME });
    expect(other.data!.resolveIdentity.member.benefits).toEqual([]);
  });

  it('refuses a partner the eligibility of another app\'s benefit', async () => {
    const res = await as(await partnerToken('ELEME'), 'query($ref: AccountRef!) { benefitEligibility(ref: $ref, benefitId: "vip88-youku-vip") { eligible } }', { ref: m.refs.ELEME });
    expect(codeOf(res)).toBe('FORBIDDEN');
  });

  it('lets the member itself read its dates and numbers', async () => {
    const res = await as(await memberToken(m.id), 'query($id: ID!) { member(id: $id) { loyaltyScore benefits(app: "ELEME") { reasons } } }', { id: m.id });
    expect(res.data!.member.loyaltyScore).toBe(1234);
    expect(res.data!.member.benefits[0].reasons[0]).toMatch(/active until \d{4}-\d{2}-\d{2}/);
  });
});

describe('3. partners act only on their own app', () => {
  let m: { id: string; refs: Record<string, Ref> };
  beforeAll(async () => {
    m = await member(['ELEME', 'YOUKU', 'TMALL', 'NETEASE_MUSIC']);
    await as(admin, 'mutation($id: ID!, $pay: String!) { joinProgram(memberId: $id, program: "88VIP", paymentRef: $pay) { status } }', { id: m.id, pay: unique('pay') });
  });

  it('refuses redeeming another app\'s benefit through the partner\'s own account, and uses none of it', async () => {
    const res = await as(await partnerToken('ELEME'), REDEEM, { ref: m.refs.ELEME, b: 'vip88-youku-vip', k: unique('k') });
    expect(codeOf(res)).toBe('FORBIDDEN');
    const left = await as(admin, 'query($ref: AccountRef!) { benefitEligibility(ref: $ref, benefitId: "vip88-youku-vip") { remainingUses } }', { ref: m.refs.YOUKU });
    expect(left.data!.benefitEligibility.remainingUses).toBe(1);
    const own = await as(await partnerToken('ELEME'), REDEEM, { ref: m.refs.ELEME, b: 'vip88-eleme-red-envelope', k: unique('k') });
    expect(own.errors).toBeUndefined();
  });

  it('refuses PURCHASE events from apps that do not sell, and amounts no shop sells', async () => {
    const at = new Date().toISOString();
    const music = await as(await partnerToken('NETEASE_MUSIC'), EVENT, { input: { ref: m.refs.NETEASE_MUSIC, type: 'PURCHASE', at, amount: 100_000_000 } });
    expect(codeOf(music)).toBe('FORBIDDEN');
    const huge = await as(await partnerToken('TMALL'), EVENT, { input: { ref: m.refs.TMALL, type: 'PURCHASE', at, amount: 100_000_000 } });
    expect(codeOf(huge)).toBe('FORBIDDEN');
    const play = await as(await partnerToken('TMALL'), EVENT, { input: { ref: m.refs.TMALL, type: 'PLAY', at } });
    expect(codeOf(play)).toBe('FORBIDDEN');
    const spend = await as(admin, 'query($id: ID!) { member(id: $id) { annualSpend } }', { id: m.id });
    expect(spend.data!.member.annualSpend).toBe(0);
    const fair = await as(await partnerToken('TMALL'), EVENT, { input: { ref: m.refs.TMALL, type: 'PURCHASE', at, amount: 16_999 } });
    expect(fair.data!.recordEvent).toBe(true);
    const played = await as(await partnerToken('NETEASE_MUSIC'), EVENT, { input: { ref: m.refs.NETEASE_MUSIC, type: 'PLAY', at } });
    expect(played.data!.recordEvent).toBe(true);
  });
});

describe('4. joining a paid program', () => {
  it('refuses a member joining for itself; the payments app joins it with a payment, once per payment', async () => {
    const m = await member(['TAOBAO', 'ALIPAY']);
    const JOIN = 'mutation($id: ID!, $pay: String) { joinProgram(memberId: $id, program: "88VIP", paymentRef: $pay) { program status } }';
    for (let i = 0; i < 3; i++) expect(codeOf(await as(await memberToken(m.id), JOIN, { id: m.id, pay: unique('pay') }))).toBe('FORBIDDEN');
    expect(codeOf(await as(await partnerToken('ELEME'), JOIN, { id: m.id, pay: unique('pay') }))).toBe('FORBIDDEN');
    const pay = unique('alipay-trade');
    const first = await as(await partnerToken('ALIPAY'), JOIN, { id: m.id, pay });
    const again = await as(await partnerToken('ALIPAY'), JOIN, { id: m.id, pay });
    expect(first.errors).toBeUndefined();
    expect(again.data!.joinProgram).toEqual(first.data!.joinProgram);
    const { renewals } = (await as(admin, 'query($id: ID!) { member(id: $id) { memberships { renewals } } }', { id: m.id })).data!.member.memberships[0];
    expect(renewals).toBe(0);
  });
});

describe('5. idempotency keys belong to their caller', () => {
  it('gives two callers using the same key two separate redemptions', async () => {
    const m = await member(['ELEME']);
    await as(admin, 'mutation($id: ID!, $pay: String!) { joinProgram(memberId: $id, program: "88VIP", paymentRef: $pay) { status } }', { id: m.id, pay: unique('pay') });
    const key = unique('shared-key');
    const byPartner = await as(await partnerToken('ELEME'), REDEEM, { ref: m.refs.ELEME, b: 'vip88-eleme-red-envelope', k: key });
    const byMember = await as(await memberToken(m.id), REDEEM, { ref: m.refs.ELEME, b: 'vip88-eleme-red-envelope', k: key });
    expect(byPartner.errors).toBeUndefined();
    expect(byMember.errors).toBeUndefined();
    expect(byMember.data!.redeemBenefit.id).not.toBe(byPartner.data!.redeemBenefit.id);
    const repeat = await as(await memberToken(m.id), REDEEM, { ref: m.refs.ELEME, b: 'vip88-eleme-red-envelope', k: key });
    expect(repeat.data!.redeemBenefit.id).toBe(byMember.data!.redeemBenefit.id);
  });
});

describe('12. bearer tokens must expire', () => {
  it('refuses a token without exp, and one that lives longer than AUTH_TOKEN_MAX_AGE_SECONDS', async () => {
    const noExp = await as(bearer(await token({ role: 'admin' }, { expiresIn: null })), '{ brands(first: 1) { id } }');
    expect(noExp.status).toBe(401);
    expect(codeOf(noExp)).toBe('UNAUTHENTICATED');
    const tooLong = await as(bearer(await token({ role: 'admin' }, { expiresIn: '30d' })), '{ brands(first: 1) { id } }');
    expect(codeOf(tooLong)).toBe('UNAUTHENTICATED');
  });
});

describe('13. input hygiene', () => {
  it.each([
    ['a NUL byte', 'Li\u0000Wei'],
    ['a bidi override', 'Li\u202EieW'],
    ['a lone surrogate', 'Li\uD800Wei'],
  ])('refuses a name with %s and stores nothing', async (_what, displayName) => {
    const ref = { app: 'TAOBAO', externalId: unique('tb') };
    const res = await as(admin, UPSERT, { input: { ...ref, displayName, identifiers: [] } });
    expect(res.status).toBe(200);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect((await as(admin, 'query($ref: AccountRef!) { account(ref: $ref) { id } }', { ref })).data!.account).toBeNull();
  });

  it('refuses an event dated year 0', async () => {
    const m = await member(['TAOBAO']);
    const res = await as(admin, EVENT, { input: { ref: m.refs.TAOBAO, type: 'VIEW', at: '0000-01-01T00:00:00Z' } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });
});

describe('14. bounded reads', () => {
  it('reads at most 100 identifiers of an account however many accumulate', async () => {
    const ref = { app: 'TAOBAO', externalId: unique('tb') };
    for (let round = 0; round < 3; round++) {
      const identifiers = Array.from({ length: 50 }, (_, i) => ({ kind: 'DEVICE_ID', value: `dev-${ref.externalId}-${round}-${i}` }));
      expect((await as(admin, UPSERT, { input: { ...ref, identifiers } })).errors).toBeUndefined();
    }
    const res = await as(admin, 'query($ref: AccountRef!) { account(ref: $ref) { identifiers { masked } } }', { ref });
    expect(res.data!.account.identifiers).toHaveLength(100);
  });

  it('counts this year\'s redemptions and once-only ones, and reads none older', async () => {
    const m = await member(['ELEME', 'TMALL']);
    const accountId = (await as(admin, 'query($ref: AccountRef!) { account(ref: $ref) { id } }', { ref: m.refs.ELEME })).data!.account.id;
    const tmallId = (await as(admin, 'query($ref: AccountRef!) { account(ref: $ref) { id } }', { ref: m.refs.TMALL })).data!.account.id;
    const old = new Date(Date.now() - 3 * 365 * 86_400_000).toISOString();
    await api.db.driver.executeQuery(
      `UNWIND $rows AS row MATCH (a:Account {id: row.account}), (b:Benefit {id: row.benefit})
       CREATE (r:Redemption {id: randomUUID(), idempotencyKey: randomUUID(), benefitId: b.id, at: datetime(row.at)})-[:BY_ACCOUNT]->(a), (r)-[:OF_BENEFIT]->(b)`,
      { rows: [{ account: accountId, benefit: 'vip88-eleme-red-envelope', at: old }, { account: tmallId, benefit: 'vip88-folding-phone', at: old }] },
    );
    const window = { monthStart: new Date(Date.now() - 20 * 86_400_000), yearStart: new Date(Date.now() - 200 * 86_400_000) };
    const [standing] = await api.db.read((tx) => loadStandings(tx, [m.id], window), 'test');
    expect(standing!.usage).toEqual([{ benefitId: 'vip88-folding-phone', month: 0, year: 0, total: 1 }]);
  });
});

// Issue 28 (a second outside attack), the low ones; each failed on the code before the fix.

describe('28.5 analysts cannot unmask external ids by guessing (105 guesses in one request unmasked e*** = ele-77001)', () => {
  const LOOKUPS: [string, string, (real: Ref, other: Ref) => Record<string, unknown>][] = [
    ['account', 'query($a: AccountRef!) { account(ref: $a) { id } }', (a) => ({ a })],
    ['resolveIdentity', 'query($a: AccountRef!) { resolveIdentity(ref: $a) { member { id } } }', (a) => ({ a })],
    ['benefitEligibility', 'query($a: AccountRef!) { benefitEligibility(ref: $a, benefitId: "vip88-eleme-red-envelope") { eligible } }', (a) => ({ a })],
    ['explainMatch', 'query($a: AccountRef!, $b: AccountRef!) { explainMatch(a: $a, b: $b) { score } }', (a, b) => ({ a, b })],
    ['previewLink', 'query($a: AccountRef!, $b: AccountRef!) { previewLink(a: $a, b: $b) { allowed } }', (a, b) => ({ a, b })],
    ['shortestPath', 'query($a: AccountRef!, $b: AccountRef!) { shortestPath(a: $a, b: $b) { length } }', (a, b) => ({ a, b })],
  ];

  it.each(LOOKUPS)('answers an analyst the same FORBIDDEN from %s whether the raw external id exists or is made up', async (_name, query, variables) => {
    const m = await member(['ELEME', 'TAOBAO']);
    const analyst = bearer(await token({ role: 'analyst', sub: 'analyst-guessing' }));
    const made = { app: 'ELEME', externalId: unique('ele') };
    const real = await as(analyst, query, variables(m.refs.ELEME, m.refs.TAOBAO));
    const guess = await as(analyst, query, variables(made, m.refs.TAOBAO));
    expect(codeOf(real)).toBe('FORBIDDEN');
    const strip = (res: typeof real) => ({ data: res.data, errors: res.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })) });
    expect(strip(guess)).toEqual(strip(real));
    expect(JSON.stringify(real)).not.toContain(m.id);
  });

  it('lets an analyst go from a member to its accounts and their explanations by the ids the API gave it', async () => {
    const m = await member(['ELEME', 'TAOBAO']);
    const analyst = bearer(await token({ role: 'analyst', sub: 'analyst-navigating' }));
    const seen = await as(analyst, 'query($id: ID!) { member(id: $id) { accounts { id externalId } } }', { id: m.id });
    const [x, y] = seen.data!.member.accounts as { id: string; externalId: string }[];
    expect(x.externalId).toMatch(/^.\*\*\*$/);
    const around = await as(analyst, 'query($id: ID!) { neighborhood(id: $id, depth: 1) { nodes { id } } }', { id: x.id });
    expect(around.data!.neighborhood.nodes.map((n: { id: string }) => n.id)).toContain(m.id);
    const why = await as(analyst, 'query($a: ID!, $b: ID!) { explainMatchByIds(a: $a, b: $b) { decision } }', { a: x.id, b: y.id });
    expect(why.errors).toBeUndefined();
  });
});

describe('28.6 a payments partner charges only a member who holds an account on its app, and reads back only what partners may', () => {
  const JOIN = (fields: string) => `mutation($id: ID!, $pay: String) { joinProgram(memberId: $id, program: "88VIP", paymentRef: $pay) { ${fields} } }`;
  const membershipsOf = async (id: string) => (await as(admin, 'query($id: ID!) { member(id: $id) { memberships { program } } }', { id })).data!.member.memberships;

  it('refuses ALIPAY granting 88VIP with a made-up payment to a member with no ALIPAY account, and grants nothing', async () => {
    const m = await member(['TAOBAO', 'ELEME']);
    const res = await as(await partnerToken('ALIPAY'), JOIN('program status'), { id: m.id, pay: unique('made-up') });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(await membershipsOf(m.id)).toEqual([]);
  });

  it('answers the payments app whether the membership is active, never its end, price or renewals', async () => {
    const m = await member(['TAOBAO', 'ALIPAY']);
    const alipay = await partnerToken('ALIPAY');
    const pay = unique('alipay-trade');
    const joined = await as(alipay, JOIN('program status'), { id: m.id, pay });
    expect(joined.errors).toBeUndefined();
    expect(joined.data!.joinProgram).toMatchObject({ program: '88VIP', status: 'ACTIVE' });
    for (const field of ['until', 'pricePaid', 'since', 'renewals']) {
      const res = await as(alipay, JOIN(`status ${field}`), { id: m.id, pay });
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(JSON.stringify(res)).not.toMatch(/\d{4}-\d{2}-\d{2}|\b888?\b/);
    }
    // The same payment again bought nothing more: one membership, one period.
    expect(await membershipsOf(m.id)).toEqual([{ program: '88VIP' }]);
  });

  it('refuses the payment when the member has left the app between the check and the charge (CONFLICT, nothing joined)', async () => {
    const m = await member(['TAOBAO']);
    await expect(joinProgram(api.db, testConfig(), m.id, '88VIP', unique('pay'), 'partner:alipay', 'ALIPAY')).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(await membershipsOf(m.id)).toEqual([]);
  });
});
