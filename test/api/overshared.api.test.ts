import { startTestApi, TestApi, unique, uniqueCity, uniquePhone } from '../support/api';

const UPSERT = /* GraphQL */ `
  mutation Upsert($input: AccountInput!) { upsertAccount(input: $input) { decision account { id } member { id } } }
`;
const MEMBER = /* GraphQL */ `
  query Member($ref: AccountRef!) {
    account(ref: $ref) { link { method rules } member { id accounts { externalId } auditTrail(first: 10) { type rules evidenceKinds accountId } } }
  }
`;
const REVIEWS = /* GraphQL */ `
  query Reviews($accountId: ID) { reviewQueue(first: 10, accountId: $accountId) { status account { id } candidate { id } } }
`;

let api: TestApi;
// A low limit, so that a shop phone passes it on its fourth account.
const env = { IDENTIFIER_MAX_ACCOUNTS: '3' };

beforeAll(async () => {
  api = await startTestApi(env);
});
afterAll(() => api.stop());

/** upsertAccount, which re-examines an identifier it takes past the limit after its commit. */
async function upsert(app: string, identifiers: { kind: string; value: string }[], profile: Record<string, string> = {}) {
  const input = { app, externalId: unique(app.toLowerCase()), identifiers, ...profile };
  const res = await api.gql(UPSERT, { input });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { ref: { app, externalId: input.externalId }, ...res.data!.upsertAccount };
}

describe('upsertAccount re-examines the links of a phone that has just become over-shared', () => {
  it('splits the strangers a shop phone alone had joined, with an audit event and a review each', async () => {
    const shop = uniquePhone();
    const city = uniqueCity();
    const phone = [{ kind: 'PHONE', value: shop }];
    const first = await upsert('TAOBAO', phone, { displayName: 'Chen Jie', city });
    // No names: a shared phone and another name is no match since issue 32; only the phone joins them.
    const second = await upsert('ELEME', phone);
    const third = await upsert('YOUKU', phone);
    // Up to the limit the phone counts: three strangers in one member.
    expect([second.decision, third.decision]).toEqual(['LINK', 'LINK']);
    expect(new Set([first.member.id, second.member.id, third.member.id]).size).toBe(1);

    const fourth = await upsert('FLIGGY', phone, { displayName: 'Zhou Tao' });
    expect(fourth.decision).toBe('NO_MATCH');
    const members = await Promise.all([first, second, third].map(async (x) => (await api.gql(MEMBER, { ref: x.ref })).data!.account));
    expect(new Set(members.map((m) => m.member.id)).size).toBe(3);
    expect(members.map((m) => m.member.accounts.length)).toEqual([1, 1, 1]);
    // The first account keeps the member; the others left it, each audited on both members and queued for review.
    expect(members[0].member.id).toBe(first.member.id);
    for (const [m, x] of [[members[1], second], [members[2], third]] as const) {
      expect(m.link).toEqual({ method: 'DETERMINISTIC', rules: ['OVER_SHARED_SPLIT'] });
      expect(m.member.auditTrail[0]).toEqual({ type: 'OVER_SHARED_SPLIT', rules: ['PHONE'], evidenceKinds: ['PHONE'], accountId: x.account.id });
      const reviews = (await api.gql(REVIEWS, { accountId: x.account.id })).data!.reviewQueue;
      expect(reviews).toEqual([{ status: 'OPEN', account: { id: x.account.id }, candidate: { id: first.account.id } }]);
    }
    expect(members[0].member.auditTrail.filter((e: { type: string }) => e.type === 'OVER_SHARED_SPLIT')).toHaveLength(2);

    // A fifth carrier changes nothing more: the phone was re-examined once.
    await upsert('AMAP', phone, { displayName: 'Wu Lei' });
    const again = await Promise.all([first, second, third].map(async (x) => (await api.gql(MEMBER, { ref: x.ref })).data!.account));
    expect(again).toEqual(members);
  });
});
