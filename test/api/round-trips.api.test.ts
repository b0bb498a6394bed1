import 'reflect-metadata';
import { startTestApi, TestApi, unique, uniquePhone, untilStartupRefreshEnds } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await untilStartupRefreshEnds(api);
}, 150_000);
afterAll(() => api.stop());

const UPSERT = 'mutation($input: AccountInput!) { upsertAccount(input: $input) { decision member { id } } }';
const SCORE = 'mutation($id: ID!, $s: Int!) { setLoyaltyScore(memberId: $id, score: $s) { id } }';
const JOIN = 'mutation($id: ID!, $pay: String!) { joinProgram(memberId: $id, program: "88VIP", paymentRef: $pay) { program } }';
const TAG = 'mutation($id: ID!, $t: [String!]!) { tagMember(memberId: $id, tags: $t) { id } }';

/** Statements the API sent to Neo4j for one request (the Database gateway counts every round trip). */
async function statementsFor(query: string, variables: Record<string, unknown>): Promise<{ count: number; data: any }> {
  const before = api.db.statementsRun;
  const data = await api.ok(query, variables);
  return { count: api.db.statementsRun - before, data };
}

/** A member with accounts on `apps` (one phone, so matching links them) and 88VIP. */
async function memberOn(apps: string[]): Promise<string> {
  const phone = uniquePhone();
  let memberId = '';
  for (const app of apps) {
    const res = await api.ok(UPSERT, { input: { app, externalId: unique(), identifiers: [{ kind: 'PHONE', value: phone }] } });
    memberId ||= res.upsertAccount.member.id;
    expect(res.upsertAccount.member.id).toBe(memberId);
  }
  await api.ok(SCORE, { id: memberId, s: 1200 });
  await api.ok(JOIN, { id: memberId, pay: unique('pay') });
  return memberId;
}

describe('round trips per request do not grow with the size of what is asked', () => {
  it('answers the profile page (accounts, memberships, benefits, recommendations) with as many statements for 6 accounts as for 1', async () => {
    const small = await memberOn(['TAOBAO']);
    const large = await memberOn(['TAOBAO', 'TMALL', 'ELEME', 'YOUKU', 'FLIGGY', 'ALIPAY']);
    const PAGE = `query($id: ID!) { member(id: $id) { id displayName loyaltyScore
      accounts { id externalId app { code } identifiers { kind masked } link { method } }
      memberships { program status until }
      benefits(app: "ELEME") { eligible reasons remainingUses benefit { id name brand { id } } }
      recommendations(app: "TAOBAO", first: 10) { id title score reason } } }`;
    // Warm the per-process catalogs (benefits, brands) so both counts see the same caches.
    await api.ok(PAGE, { id: small });
    const one = await statementsFor(PAGE, { id: small });
    const six = await statementsFor(PAGE, { id: large });
    expect(six.data.member.accounts).toHaveLength(6);
    expect(six.data.member.memberships.map((m: any) => m.program)).toEqual(['88VIP']);
    expect(six.data.member.benefits.length).toBeGreaterThan(0);
    expect(six.count).toBe(one.count);
    // The profile statement (member, accounts, identifiers, memberships, standing), the brands of brand benefits,
    // and the recommendation evidence: one each.
    expect(six.count).toBeLessThanOrEqual(3);
  });

  it('reads auditTrail and loyaltyHistory of a list of 20 members with the statements a list of 2 needs', async () => {
    const tag = unique('rt');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      // Two members bridged by a third account that carries both their phones: the merge is in the audit trail.
      const [p1, p2] = [uniquePhone(), uniquePhone()];
      await api.ok(UPSERT, { input: { app: 'TAOBAO', externalId: unique(), identifiers: [{ kind: 'PHONE', value: p1 }] } });
      await api.ok(UPSERT, { input: { app: 'ELEME', externalId: unique(), identifiers: [{ kind: 'PHONE', value: p2 }] } });
      const bridge = await api.ok(UPSERT, { input: { app: 'ALIPAY', externalId: unique(), identifiers: [{ kind: 'PHONE', value: p1, verified: true }, { kind: 'PHONE', value: p2, verified: true }] } });
      expect(bridge.upsertAccount.decision).toBe('LINK');
      const id = bridge.upsertAccount.member.id;
      await api.ok(SCORE, { id, s: 900 + i });
      await api.ok(SCORE, { id, s: 1000 + i });
      await api.ok(TAG, { id, t: [tag] });
      ids.push(id);
    }
    const LIST = `query($tag: String!, $first: Int!) { segment(expr: { tag: $tag }) { count sample(first: $first) { id
      accounts { app { code } } auditTrail(first: 5) { type } loyaltyHistory(first: 5) { score } } } }`;
    await api.ok(LIST, { tag, first: 1 });
    const two = await statementsFor(LIST, { tag, first: 2 });
    const twenty = await statementsFor(LIST, { tag, first: 20 });
    expect(twenty.data.segment.count).toBe(20);
    const sample = twenty.data.segment.sample;
    expect(sample.map((m: any) => m.id).sort()).toEqual([...ids].sort());
    for (const m of sample) {
      const i = ids.indexOf(m.id);
      expect(m.loyaltyHistory.map((c: any) => c.score)).toEqual([1000 + i, 900 + i]);
      expect(m.auditTrail.map((e: any) => e.type)).toContain('MERGE');
      expect(m.accounts.map((a: any) => a.app.code).sort()).toEqual(['ALIPAY', 'ELEME', 'TAOBAO']);
    }
    expect(two.data.segment.sample).toHaveLength(2);
    // Regression: auditTrail and loyaltyHistory were one statement per member (N+1).
    expect(twenty.count).toBe(two.count);
  });
});
