import 'reflect-metadata';
import { ingestAccount } from '../../src/identity/ingest.service';
import { IdentifierKind } from '../../src/identity/identifier.kind';
import { loadAccountsByMember, loadIdentifiersByAccount } from '../../src/identity/account.repository';
import { loadMembersById } from '../../src/identity/member.repository';
import { Database } from '../../src/platform/neo4j/database';
import { startTestApi, TestApi, testConfig, unique, uniquePhone, untilStartupRefreshEnds } from '../support/api';
import { inline } from '../support/graph';

let api: TestApi;
let db: Database;
beforeAll(async () => {
  api = await startTestApi();
  db = api.db;
  await untilStartupRefreshEnds(api);
}, 150_000);
afterAll(() => api.stop());

const config = testConfig();

describe('batch loaders', () => {
  it('return one entry per key, in key order, with null or [] for misses', async () => {
    const a = await ingestAccount(db, config, { app: 'TAOBAO', externalId: unique(), identifiers: [{ kind: IdentifierKind.PHONE, value: uniquePhone() }] });
    const b = await ingestAccount(db, config, { app: 'ELEME', externalId: unique(), identifiers: [] });
    const missing = unique('missing');
    const members = await loadMembersById(db, [b.memberId, missing, a.memberId]);
    expect(members.map((m) => m?.id ?? null)).toEqual([b.memberId, null, a.memberId]);
    const accounts = await loadAccountsByMember(db, [a.memberId, missing, b.memberId]);
    expect(accounts.map((list) => list.map((x) => x.id))).toEqual([[a.account.id], [], [b.account.id]]);
    const identifiers = await loadIdentifiersByAccount(db, [b.account.id, a.account.id]);
    expect(identifiers.map((list) => list.length)).toEqual([0, 1]);
  });
});

describe('no N+1', () => {

  async function statementsFor(query: string, variables: Record<string, unknown>): Promise<number> {
    const before = db.statementsRun;
    const res = await api.gql(query, variables);
    expect(res.errors).toBeUndefined();
    return db.statementsRun - before;
  }

  it('resolves a profile with the same number of statements for 1 account as for 6', async () => {
    const one = await ingestAccount(db, config, { app: 'TAOBAO', externalId: unique(), identifiers: [] });
    const six = await ingestAccount(db, config, { app: 'TAOBAO', externalId: unique(), identifiers: [] });
    // More accounts for one member come with identity matching; here the member is given its accounts directly.
    await db.writeOne(
      {
        name: 'test/attach-accounts',
        text: `MATCH (m:Member {id: $memberId})
               UNWIND $apps AS app
               CREATE (a:Account {id: randomUUID(), app: app, externalId: $prefix + app})-[:BELONGS_TO {method: 'MANUAL', confidence: 1.0, rules: [], linkedAt: datetime()}]->(m)
               CREATE (a)-[:HAS_IDENTIFIER]->(:Identifier {hash: randomUUID(), kind: 'DEVICE_ID', masked: '****0000'})`,
      },
      { memberId: six.memberId, apps: ['ELEME', 'YOUKU', 'FLIGGY', 'AMAP', 'ALIPAY'], prefix: unique() },
    );
    const query = `query($id: ID!) { member(id: $id) { id accounts { id app { code } identifiers { masked } member { id displayName } } } }`;
    const forOne = await statementsFor(query, { id: one.memberId });
    const forSix = await statementsFor(query, { id: six.memberId });
    expect(forSix).toBe(forOne);
    // Member, accounts, identifiers and the accounts' member (primed) in one statement (app/member-profile).
    expect(forSix).toBe(1);
  });

  it('reads auditTrail and loyaltyHistory of a list of members with the same statements for 2 members as for 6', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await ingestAccount(db, config, { app: 'TAOBAO', externalId: unique(), identifiers: [] })).memberId);
    for (const id of ids) await api.ok('mutation($id: ID!, $s: Int!) { setLoyaltyScore(memberId: $id, score: $s) { id } }', { id, s: 1200 });
    const listOf = (n: number) =>
      `query { ${ids.slice(0, n).map((id, i) => `m${i}: member(id: "${id}") { id auditTrail(first: 5) { type } loyaltyHistory(first: 5) { score } }`).join(' ')} }`;
    const forTwo = await statementsFor(listOf(2), {});
    const forSix = await statementsFor(listOf(6), {});
    expect(forSix).toBe(forTwo);
    // The members, then one statement each for the audit trails and the score histories (regression: one per member).
    expect(forSix).toBe(3);
    const res = await api.ok(listOf(6), {});
    expect(Object.values(res).map((m: any) => m.loyaltyHistory.map((c: any) => c.score))).toEqual(ids.map(() => [1200]));
  });

  it('stores a new person with its LINKED change in one statement and answers upsertAccount from what the writes returned', async () => {
    const mutation = 'mutation($input: AccountInput!) { upsertAccount(input: $input) { decision account { id link { method rules } } member { id displayName loyaltyScore } } }';
    const phone = uniquePhone();
    const fresh = { app: 'TAOBAO', externalId: unique(), displayName: 'Zhao Lei', identifiers: [{ kind: 'PHONE', value: phone }] };
    const before = db.statementsRun;
    const first = await api.ok(mutation, { input: fresh });
    // The account is alone (no member shares a blocking key): stored, given a member and its LINKED change recorded
    // in the outbox, in one statement.
    expect(db.statementsRun - before).toBe(1);
    expect(first.upsertAccount).toMatchObject({ decision: 'NO_MATCH', account: { link: { method: 'DETERMINISTIC', rules: ['NEW_MEMBER'] } }, member: { displayName: 'Zhao Lei', loyaltyScore: 0 } });
    // The same phone on another app is not alone: matching links it, and the answer is the member as written.
    const second = await api.ok(mutation, { input: { app: 'ELEME', externalId: unique(), identifiers: [{ kind: 'PHONE', value: phone }] } });
    expect(second.upsertAccount).toMatchObject({ decision: 'LINK', member: { id: first.upsertAccount.member.id, displayName: 'Zhao Lei' } });
    const [stored] = await db.readOne(inline('test/member-of-account', 'MATCH (a:Account {id: $id})-[:BELONGS_TO]->(m:Member) RETURN m.id AS id'), { id: second.upsertAccount.account.id });
    expect(stored.id).toBe(first.upsertAccount.member.id);
    // A returning account that no other member's account competes for is settled in the same one statement, with
    // the decision matching takes: LINK while its member holds other accounts.
    const again = db.statementsRun;
    const repeat = await api.ok(mutation, { input: { ...fresh, displayName: null } });
    expect(db.statementsRun - again).toBe(1);
    expect(repeat.upsertAccount).toMatchObject({ decision: 'LINK', account: { id: first.upsertAccount.account.id }, member: { id: first.upsertAccount.member.id } });
    const lone = { app: 'YOUKU', externalId: unique(), identifiers: [] };
    await api.ok(mutation, { input: lone });
    expect((await api.ok(mutation, { input: lone })).upsertAccount.decision).toBe('NO_MATCH');
  });
});

