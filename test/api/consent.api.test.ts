import { statement, Named } from '../../src/platform/neo4j/cypher';
import { codeOf, memberWith as sharedMemberWith, Ref, startTestApi, TestApi, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { inline } from '../support/graph';

const seedBrands = statement<Named<'brands'>>('catalog/seed-brands', ['brands']);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const ok = <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => api.ok<T>(query, variables);
const code = async (query: string, variables?: Record<string, unknown>): Promise<unknown> => codeOf(await api.gql(query, variables));

const memberWith = (apps: string[], score?: number) => sharedMemberWith(api, apps, score);

const join88 = (memberId: string) =>
  ok('mutation($id: ID!, $pay: String) { joinProgram(memberId: $id, program: "88VIP", paymentRef: $pay) { status } }', { id: memberId, pay: unique('pay') });
const LINK_OF = 'query($ref: AccountRef!) { account(ref: $ref) { link { method purposes consentAt consentId } } }';
const linkOf = async (ref: Ref) => (await ok(LINK_OF, { ref })).account.link;
const ELIGIBILITY = 'query($ref: AccountRef!, $b: ID!) { benefitEligibility(ref: $ref, benefitId: $b) { eligible reasons } }';
const WITHDRAW = 'mutation($ref: AccountRef!, $p: [ConsentPurpose!]!) { withdrawConsent(ref: $ref, purposes: $p) { externalId link { purposes consentAt } } }';
const PREVIEW = 'query($a: AccountRef!, $b: AccountRef!) { previewLink(a: $a, b: $b) { allowed reasons survivorId accountsMoved benefitsGained benefitsLost } }';
const CHANGES_OF = inline('test/changes-of', 'MATCH (c:IdentityChange {app: $app}) WHERE $externalId IN c.accounts RETURN c.kind AS kind, c.memberId AS memberId ORDER BY c.offset');
const LINK = 'mutation($a: AccountRef!, $b: AccountRef!, $p: [ConsentPurpose!]) { linkAccounts(a: $a, b: $b, consentId: "consent-x", purposes: $p) { id } }';

describe('purpose-scoped links', () => {
  it('gives automatic links the default purposes, and user-asserted links the purposes consented to', async () => {
    const m = await memberWith(['TAOBAO', 'ELEME']);
    const auto = await linkOf(m.refs.ELEME);
    expect(auto.purposes).toEqual(['BENEFITS', 'RECOMMENDATIONS', 'ANALYTICS']);
    expect(Date.parse(auto.consentAt)).toBeGreaterThan(Date.now() - 60_000);
    const other = await memberWith(['YOUKU']);
    await ok(LINK, { a: m.refs.TAOBAO, b: other.refs.YOUKU, p: ['MARKETING', 'BENEFITS', 'BENEFITS'] });
    expect(await linkOf(other.refs.YOUKU)).toMatchObject({ method: 'USER_ASSERTED', purposes: ['BENEFITS', 'MARKETING'], consentId: 'consent-x' });
  });

  it('stops benefit eligibility through a link the moment BENEFITS is withdrawn, and audits it', async () => {
    const m = await memberWith(['TAOBAO', 'ELEME'], 1200);
    await join88(m.memberId);
    expect((await ok(ELIGIBILITY, { ref: m.refs.ELEME, b: 'vip88-eleme-red-envelope' })).benefitEligibility.eligible).toBe(true);
    const withdrawn = (await ok(WITHDRAW, { ref: m.refs.ELEME, p: ['BENEFITS'] })).withdrawConsent;
    expect(withdrawn.link.purposes).toEqual(['RECOMMENDATIONS', 'ANALYTICS']);
    const after = (await ok(ELIGIBILITY, { ref: m.refs.ELEME, b: 'vip88-eleme-red-envelope' })).benefitEligibility;
    expect(after).toEqual({ eligible: false, reasons: ['no linked ELEME account'] });
    // The membership itself is untouched.
    expect((await ok('query($id: ID!) { member(id: $id) { memberships { program status } } }', { id: m.memberId })).member.memberships).toEqual([{ program: '88VIP', status: 'ACTIVE' }]);
    const trail = (await ok('query($id: ID!) { member(id: $id) { auditTrail { type rules } } }', { id: m.memberId })).member.auditTrail;
    expect(trail[0]).toEqual({ type: 'CONSENT_WITHDRAWN', rules: ['BENEFITS'] });
    // A retry changes nothing more.
    expect((await ok(WITHDRAW, { ref: m.refs.ELEME, p: ['BENEFITS'] })).withdrawConsent.link.purposes).toEqual(['RECOMMENDATIONS', 'ANALYTICS']);
  });

  it('recommends only from accounts whose link allows RECOMMENDATIONS', async () => {
    const m = await memberWith(['TAOBAO', 'FLIGGY']);
    const at = new Date(Date.now() - 86_400_000).toISOString();
    await ok('mutation($input: EventInput!) { recordEvent(input: $input) }', {
      input: { ref: m.refs.FLIGGY, type: 'BOOKING', at, amount: 2100, category: 'flight.international', detail: 'Osaka' },
    });
    const RECOMMEND = 'query($id: ID!) { member(id: $id) { recommendations(app: "TAOBAO", first: 10) { reason signals } } }';
    const before = (await ok(RECOMMEND, { id: m.memberId })).member.recommendations;
    expect(before[0].signals).toContain('CROSS_APP');
    await ok(WITHDRAW, { ref: m.refs.FLIGGY, p: ['RECOMMENDATIONS'] });
    const after = (await ok(RECOMMEND, { id: m.memberId })).member.recommendations;
    expect(after.some((r: any) => r.signals.includes('CROSS_APP'))).toBe(false);
    expect(JSON.stringify(after)).not.toMatch(/Osaka|FLIGGY/);
  });

  it('counts in analytics only accounts consented for ANALYTICS', async () => {
    const brand = unique('brand-consent');
    await api.db.writeOne(seedBrands, { brands: [{ id: brand, name: brand, industry: unique('ind'), luxury: false, participatesIn: [], stores: [{ app: 'TMALL' }] }] });
    try {
      const m = await memberWith(['TAOBAO', 'TMALL']);
      await ok('mutation($input: EventInput!) { recordEvent(input: $input) }', {
        input: { ref: m.refs.TMALL, type: 'PURCHASE', at: '2024-03-03T10:00:00Z', brandId: brand, amount: 50 },
      });
      const FUNNEL = 'query($b: ID!) { aiplFunnel(brandId: $b, from: "2024-03-01T00:00:00Z", to: "2024-04-01T00:00:00Z") { stages { stage members accounts } } }';
      const purchase = async () => (await ok(FUNNEL, { b: brand })).aiplFunnel.stages.find((s: any) => s.stage === 'PURCHASE');
      expect(await purchase()).toEqual({ stage: 'PURCHASE', members: 1, accounts: 1 });
      await ok(WITHDRAW, { ref: m.refs.TMALL, p: ['ANALYTICS'] });
      expect(await purchase()).toEqual({ stage: 'PURCHASE', members: 0, accounts: 0 });
    } finally {
      await api.db.writeOne(inline('test/delete-brand', 'MATCH (b:Brand {id: $id}) OPTIONAL MATCH (s:Store)-[:OF_BRAND]->(b) DETACH DELETE b, s'), { id: brand });
    }
  });

  it('refuses a withdrawal naming no purpose, and an unknown account, with stable codes', async () => {
    const m = await memberWith(['TAOBAO']);
    expect(await code(WITHDRAW, { ref: m.refs.TAOBAO, p: [] })).toBe('BAD_USER_INPUT');
    expect(await code(WITHDRAW, { ref: { app: 'TAOBAO', externalId: unique('nobody') }, p: ['ANALYTICS'] })).toBe('NOT_FOUND');
    expect(await code(WITHDRAW, { ref: m.refs.TAOBAO, p: ['SELLING'] })).toBe('BAD_USER_INPUT');
  });
});

describe('previewLink', () => {
  it('answers what linking would change, writes nothing, and the link then does just that', async () => {
    const vip = await memberWith(['TAOBAO', 'TMALL'], 1500);
    await join88(vip.memberId);
    const eater = await memberWith(['ELEME']);
    const preview = (await ok(PREVIEW, { a: vip.refs.TAOBAO, b: eater.refs.ELEME })).previewLink;
    expect(preview).toMatchObject({ allowed: true, reasons: [], survivorId: vip.memberId, accountsMoved: 1, benefitsLost: [] });
    expect(preview.benefitsGained).toContain('vip88-eleme-red-envelope');
    expect(preview.benefitsGained).not.toContain('vip88-youku-vip');
    // Nothing was written: the ELEME account still has its own member and no change was recorded for it.
    const still = (await ok('query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { id } linkedApps } }', { ref: eater.refs.ELEME })).resolveIdentity;
    expect(still).toEqual({ member: { id: eater.memberId }, linkedApps: ['ELEME'] });
    const changesOf = async () => (await api.db.readOne(CHANGES_OF, { app: 'ELEME', externalId: eater.refs.ELEME.externalId })).map((r) => [r.kind, r.memberId]);
    expect(await changesOf()).toEqual([['LINKED', eater.memberId]]);

    const linked = (await ok(LINK, { a: vip.refs.TAOBAO, b: eater.refs.ELEME })).linkAccounts;
    expect(linked.id).toBe(preview.survivorId);
    expect(await changesOf()).toEqual([['LINKED', eater.memberId], ['MERGED', vip.memberId]]);
    expect((await ok(ELIGIBILITY, { ref: eater.refs.ELEME, b: 'vip88-eleme-red-envelope' })).benefitEligibility.eligible).toBe(true);
  });

  it('says when a limit would refuse the link, without an error', async () => {
    const many = await memberWith(['TAOBAO', 'TAOBAO', 'TAOBAO']);
    const one = await memberWith(['TAOBAO']);
    const preview = (await ok(PREVIEW, { a: many.refs.TAOBAO, b: one.refs.TAOBAO })).previewLink;
    expect(preview).toEqual({
      allowed: false,
      reasons: ['Linking would give the member more than 3 accounts on one app; unlink one first'],
      survivorId: null,
      accountsMoved: 0,
      benefitsGained: [],
      benefitsLost: [],
    });
    expect(await code(LINK, { a: many.refs.TAOBAO, b: one.refs.TAOBAO })).toBe('LIMIT_EXCEEDED');
  });

  it('answers NOT_FOUND for an unknown account', async () => {
    const m = await memberWith(['TAOBAO']);
    expect(await code(PREVIEW, { a: m.refs.TAOBAO, b: { app: 'ELEME', externalId: unique('nobody') } })).toBe('NOT_FOUND');
  });
});

describe('previewMerge and mergeMembers', () => {
  const PREVIEW_MERGE = 'query($ids: [ID!]!) { previewMerge(memberIds: $ids) { allowed reasons survivorId accountsMoved benefitsGained benefitsLost } }';
  const MERGE = 'mutation($ids: [ID!]!) { mergeMembers(memberIds: $ids) { id } }';

  it("previews an operator merge by the merge's own code, writing nothing, and the merge then does just that", async () => {
    const vip = await memberWith(['TAOBAO', 'TMALL'], 1500);
    await join88(vip.memberId);
    const eater = await memberWith(['ELEME']);
    const preview = (await ok(PREVIEW_MERGE, { ids: [eater.memberId, vip.memberId] })).previewMerge;
    expect(preview).toMatchObject({ allowed: true, reasons: [], survivorId: vip.memberId, accountsMoved: 1, benefitsLost: [] });
    expect(preview.benefitsGained).toContain('vip88-eleme-red-envelope');
    const resolve = 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { id } } }';
    expect((await ok(resolve, { ref: eater.refs.ELEME })).resolveIdentity.member.id).toBe(eater.memberId);
    expect((await ok(MERGE, { ids: [eater.memberId, vip.memberId] })).mergeMembers.id).toBe(vip.memberId);
    expect((await ok(resolve, { ref: eater.refs.ELEME })).resolveIdentity.member.id).toBe(vip.memberId);
  });

  it('reports a do-not-link fact as a refusal, and the merge refuses it with CONFLICT, changing nothing', async () => {
    const m = await memberWith(['TAOBAO', 'YOUKU']);
    const alone = (await ok('mutation($ref: AccountRef!) { unlinkAccount(ref: $ref, reason: "my brother\'s") { id } }', { ref: m.refs.YOUKU })).unlinkAccount.id;
    const preview = (await ok(PREVIEW_MERGE, { ids: [m.memberId, alone] })).previewMerge;
    expect(preview).toMatchObject({ allowed: false, survivorId: null, accountsMoved: 0 });
    expect(preview.reasons[0]).toMatch(/do-not-link/);
    expect(await code(MERGE, { ids: [m.memberId, alone] })).toBe('CONFLICT');
    expect(await code(MERGE, { ids: [m.memberId] })).toBe('BAD_USER_INPUT');
    expect(await code(MERGE, { ids: [m.memberId, unique('nobody')] })).toBe('NOT_FOUND');
  });
});
