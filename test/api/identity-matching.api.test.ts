import { lastOffset, readChanges } from '../../src/identity/change.repository';
import { eraseMember, ErasurePart } from '../../src/identity/erasure.service';
import { IdentifierKind } from '../../src/identity/identifier.kind';
import { ingestAccount } from '../../src/identity/ingest.service';
import { eraseEventsPart } from '../../src/recommendation/event.erasure';
import { startTestApi, TestApi, testConfig, unique, uniqueCity, uniquePhone } from '../support/api';

const UPSERT = /* GraphQL */ `
  mutation Upsert($input: AccountInput!) {
    upsertAccount(input: $input) {
      decision
      mergedMemberIds
      account { id externalId link { method confidence rules consentId } }
      member { id }
    }
  }
`;
const RESOLVE = /* GraphQL */ `
  query Resolve($ref: AccountRef!) {
    resolveIdentity(ref: $ref) { account { id externalId } member { id } linkedApps }
  }
`;
const EXPLAIN = /* GraphQL */ `
  query Explain($a: AccountRef!, $b: AccountRef!) {
    explainMatch(a: $a, b: $b) {
      decision score matchWeight priorWeight modelTrainedAt
      hits { rule level weight tfAdjustment detail }
      waterfall { rule level weight tfAdjustment cumulativeWeight probability }
    }
  }
`;
const REVIEWS = /* GraphQL */ `
  query Reviews($accountId: ID) { reviewQueue(first: 100, accountId: $accountId) { id score status hits { rule weight } account { id externalId } candidate { id externalId } } }
`;

type Identifier = { kind: string; value: string; verified?: boolean };
interface AccountSpec {
  app: string;
  externalId?: string;
  displayName?: string;
  birthDate?: string;
  city?: string;
  identifiers: Identifier[];
}

let api: TestApi;
const gql = (query: string, variables?: Record<string, unknown>) => api.gql(query, variables);

async function upsert(spec: AccountSpec) {
  const input = { externalId: unique(spec.app.toLowerCase()), ...spec };
  const res = await gql(UPSERT, { input });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { ref: { app: input.app, externalId: input.externalId }, ...res.data!.upsertAccount };
}

async function memberOf(ref: { app: string; externalId: string }): Promise<string | null> {
  const res = await gql(RESOLVE, { ref });
  return res.data!.resolveIdentity?.member.id ?? null;
}

const uniqueEmail = () => `${unique('mail')}@example.com`;
const phone = () => uniquePhone();

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe('deterministic linking', () => {
  it('chains one person across five apps by different identifiers into one member', async () => {
    const p = phone();
    const email = uniqueEmail();
    const pay = unique('PAY');
    const doc = `3301061990${String(Date.now()).slice(-6)}X`;
    const a1 = await upsert({ app: 'TAOBAO', identifiers: [{ kind: 'PHONE', value: p }] });
    const a2 = await upsert({ app: 'ALIPAY', identifiers: [{ kind: 'PHONE', value: p }, { kind: 'EMAIL', value: email }] });
    const a3 = await upsert({ app: 'ELEME', identifiers: [{ kind: 'EMAIL', value: email }, { kind: 'PAYMENT_ID', value: pay }] });
    const a4 = await upsert({ app: 'FLIGGY', identifiers: [{ kind: 'PAYMENT_ID', value: pay }, { kind: 'ID_DOCUMENT', value: doc }] });
    const a5 = await upsert({ app: 'ALIHEALTH', identifiers: [{ kind: 'ID_DOCUMENT', value: doc.toLowerCase() }] });
    expect(a1.decision).toBe('NO_MATCH');
    for (const later of [a2, a3, a4, a5]) {
      expect(later.decision).toBe('LINK');
      expect(later.member.id).toBe(a1.member.id);
      expect(later.account.link.method).toBe('DETERMINISTIC');
    }
    expect(a2.account.link.rules).toContain('PHONE');
    expect(a5.account.link.rules).toEqual(['ID_DOCUMENT']);
    const resolution = (await gql(RESOLVE, { ref: a5.ref })).data!.resolveIdentity;
    expect(resolution.linkedApps).toEqual(['ALIHEALTH', 'ALIPAY', 'ELEME', 'FLIGGY', 'TAOBAO']);
  });

  it('does not merge a family sharing a tablet: a device alone never links', async () => {
    const tablet = unique('family-ipad');
    const chengdu = uniqueCity();
    const dad = await upsert({ app: 'YOUKU', displayName: 'Chen Gang', birthDate: '1975-03-02', city: chengdu, identifiers: [{ kind: 'DEVICE_ID', value: tablet }, { kind: 'PHONE', value: phone() }] });
    const kid = await upsert({ app: 'YOUKU', displayName: 'Chen Xiaoyu', birthDate: '2008-07-19', city: chengdu, identifiers: [{ kind: 'DEVICE_ID', value: tablet }] });
    const mum = await upsert({ app: 'TAOBAO', displayName: 'Liu Mei', birthDate: '1977-11-30', city: chengdu, identifiers: [{ kind: 'DEVICE_ID', value: tablet }] });
    expect(new Set([dad.member.id, kid.member.id, mum.member.id]).size).toBe(3);
    const explanation = (await gql(EXPLAIN, { a: dad.ref, b: kid.ref })).data!.explainMatch;
    expect(explanation.decision).toBe('NO_MATCH');
    expect(explanation.hits).toContainEqual(expect.objectContaining({ rule: 'DEVICE_ID', level: 'EXACT', weight: expect.any(Number) }));
    expect(explanation.hits.find((h: { rule: string }) => h.rule === 'DEVICE_ID').weight).toBeGreaterThan(0);
  });

  it('explains two accounts named by id (as analysts, who read external ids masked, name them) as by app and external id', async () => {
    const p = phone();
    const a = await upsert({ app: 'TAOBAO', displayName: 'Gao Yu', identifiers: [{ kind: 'PHONE', value: p }] });
    const b = await upsert({ app: 'ELEME', displayName: 'Gao Yu', identifiers: [{ kind: 'PHONE', value: p }] });
    const byRef = (await gql(EXPLAIN, { a: a.ref, b: b.ref })).data!.explainMatch;
    const byIds = await gql('query($a: ID!, $b: ID!) { explainMatchByIds(a: $a, b: $b) { decision score hits { rule weight detail } } }', { a: a.account.id, b: b.account.id });
    expect(byIds.data!.explainMatchByIds).toEqual({ decision: byRef.decision, score: byRef.score, hits: byRef.hits.map(({ rule, weight, detail }: Record<string, unknown>) => ({ rule, weight, detail })) });
    expect(byRef.hits.map((h: { rule: string }) => h.rule)).toEqual(expect.arrayContaining(['PHONE', 'NAME']));
    const unknown = await gql('query($a: ID!, $b: ID!) { explainMatchByIds(a: $a, b: $b) { score } }', { a: a.account.id, b: 'no-such-account' });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0].message).toContain('no-such-account');
  });

  it('explains a name one typo apart as CLOSE and a name only similar as SIMILAR', async () => {
    const a = await upsert({ app: 'TAOBAO', displayName: 'Zhao Nantao', identifiers: [{ kind: 'PHONE', value: phone() }] });
    const typo = await upsert({ app: 'ELEME', displayName: 'Zhao Nnatao', identifiers: [{ kind: 'PHONE', value: phone() }] });
    const similar = await upsert({ app: 'YOUKU', displayName: 'Zhao Nantang', identifiers: [{ kind: 'PHONE', value: phone() }] });
    const nameHit = async (b: { ref: unknown }) => (await gql(EXPLAIN, { a: a.ref, b: b.ref })).data!.explainMatch.hits.find((h: { rule: string }) => h.rule === 'NAME');
    expect(await nameHit(typo)).toMatchObject({ level: 'CLOSE', detail: expect.stringContaining('one typo apart') });
    expect(await nameHit(similar)).toMatchObject({ level: 'SIMILAR', detail: expect.stringContaining('more than one typo apart') });
  });

  it('does not glue together hundreds of strangers sharing a shop phone', async () => {
    const shopPhone = phone();
    const hangzhou = uniqueCity();
    const apps = ['TAOBAO', 'ELEME', 'KOUBEI', 'TMALL'];
    const results = [];
    for (let i = 0; i < 120; i++) {
      const year = 1960 + (i % 40);
      results.push(
        await upsert({
          app: apps[i % apps.length],
          displayName: `Customer ${i}`,
          birthDate: `${year}-0${1 + (i % 9)}-1${i % 10}`,
          city: hangzhou,
          identifiers: [{ kind: 'PHONE', value: shopPhone }],
        }),
      );
    }
    const members = new Set(results.map((r) => r.member.id));
    expect(members.size).toBe(120);
    expect(results.filter((r) => r.decision === 'LINK')).toHaveLength(0);
    const late = (await gql(EXPLAIN, { a: results[118].ref, b: results[119].ref })).data!.explainMatch;
    expect(late.hits).toContainEqual(expect.objectContaining({ rule: 'PHONE', level: 'MISSING', weight: 0, detail: expect.stringContaining('not counted') }));
  }, 120_000);

  it('sends a link that would give a member too many accounts on one app to review', async () => {
    const p = phone();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await upsert({ app: 'TAOBAO', identifiers: [{ kind: IdentifierKind.PHONE, value: p }] }));
    expect(new Set(results.slice(0, 3).map((r) => r.member.id)).size).toBe(1);
    expect(results[3].decision).toBe('REVIEW');
    expect(results[3].member.id).not.toBe(results[0].member.id);
  });

  it('breaks a tie between equally good members by their accounts, not by their random ids', async () => {
    // X and Y each hold TAOBAO accounts, too many to merge; a new account carrying both phones ties on both. The one
    // of them joined is the member whose first candidate account comes first by (app, externalId): always X.
    for (let round = 0; round < 4; round++) {
      const [px, py] = [phone(), phone()];
      const tag = unique('tie');
      const ys = [];
      for (let i = 0; i < 2; i++) ys.push(await upsert({ app: 'TAOBAO', externalId: `z-${tag}-${i}`, identifiers: [{ kind: 'PHONE', value: py }] }));
      const xs = [];
      for (let i = 0; i < 3; i++) xs.push(await upsert({ app: 'TAOBAO', externalId: `a-${tag}-${i}`, identifiers: [{ kind: 'PHONE', value: px }] }));
      const bridge = await upsert({ app: 'ELEME', identifiers: [{ kind: 'PHONE', value: py }, { kind: 'PHONE', value: px }] });
      expect(bridge.decision).toBe('LINK');
      expect(bridge.member.id).toBe(xs[0].member.id);
      expect(await memberOf(ys[0].ref)).toBe(ys[0].member.id);
    }
  });
});

describe('probabilistic matching and the review queue', () => {
  it('sends a typo name with the same birth date and city to review, and an operator can accept it', async () => {
    const suzhou = uniqueCity();
    const a = await upsert({ app: 'TMALL', displayName: 'Wang Fangfang', birthDate: '1986-09-30', city: suzhou, identifiers: [{ kind: 'PHONE', value: phone() }] });
    const b = await upsert({ app: 'FLIGGY', displayName: 'Wang Fnagfang', birthDate: '1986-09-30', city: suzhou, identifiers: [{ kind: 'EMAIL', value: uniqueEmail() }] });
    expect(b.decision).toBe('REVIEW');
    expect(b.member.id).not.toBe(a.member.id);
    const queue = (await gql(REVIEWS, { accountId: b.account.id })).data!.reviewQueue as any[];
    const item = queue.find((r) => r.account.id === b.account.id && r.candidate.id === a.account.id);
    expect(item).toBeDefined();
    expect(item.hits.filter((h: { weight: number }) => h.weight > 0).map((h: { rule: string }) => h.rule).sort()).toEqual(['BIRTH_DATE', 'CITY', 'NAME']);
    const accepted = await gql('mutation($id: ID!) { acceptMatch(id: $id) { id accounts { id link { method } } } }', { id: item.id });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptMatch.accounts.map((x: { id: string }) => x.id).sort()).toEqual([a.account.id, b.account.id].sort());
    const again = await gql('mutation($id: ID!) { acceptMatch(id: $id) { id } }', { id: item.id });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it("settles an open review when the member links the two accounts, and previewLink says so first", async () => {
    const city = uniqueCity();
    const a = await upsert({ app: 'TMALL', displayName: 'Chen Xiaoyu', birthDate: '1992-02-14', city, identifiers: [{ kind: 'PHONE', value: phone() }] });
    const b = await upsert({ app: 'FLIGGY', displayName: 'Chen Xaioyu', birthDate: '1992-02-14', city, identifiers: [{ kind: 'EMAIL', value: uniqueEmail() }] });
    expect(b.decision).toBe('REVIEW');
    const open = async () => ((await gql(REVIEWS, { accountId: b.account.id })).data!.reviewQueue as any[]).filter((r) => r.candidate.id === a.account.id || r.account.id === a.account.id);
    expect(await open()).toHaveLength(1);
    const PREVIEW = 'query($a: AccountRef!, $b: AccountRef!) { previewLink(a: $a, b: $b) { allowed survivorId reviewsResolved } }';
    const preview = (await gql(PREVIEW, { a: a.ref, b: b.ref })).data!.previewLink;
    expect(preview).toMatchObject({ allowed: true, reviewsResolved: 1 });
    expect(await open()).toHaveLength(1);
    const linked = await gql('mutation($a: AccountRef!, $b: AccountRef!) { linkAccounts(a: $a, b: $b, consentId: "in-app-consent") { id } }', { a: a.ref, b: b.ref });
    expect(linked.data!.linkAccounts.id).toBe(preview.survivorId);
    expect(await open()).toEqual([]);
    expect((await gql(PREVIEW, { a: a.ref, b: b.ref })).data!.previewLink).toMatchObject({ allowed: true, reviewsResolved: 0 });
  });

  it('remembers a rejected pair: re-ingest neither links nor queues it again', async () => {
    const taipei = uniqueCity();
    const a = await upsert({ app: 'TAOBAO', displayName: 'Zhou Jielun', birthDate: '1979-01-18', city: taipei, identifiers: [] });
    const spec = { app: 'TAOPIAOPIAO', externalId: unique('tpp'), displayName: 'Zhou Jeilun', birthDate: '1979-01-18', city: taipei, identifiers: [] };
    const b = await upsert(spec);
    expect(b.decision).toBe('REVIEW');
    const item = ((await gql(REVIEWS, { accountId: b.account.id })).data!.reviewQueue as any[]).find((r) => r.account.id === b.account.id);
    const rejected = await gql('mutation($id: ID!) { rejectMatch(id: $id, reason: "different people") }', { id: item.id });
    expect(rejected.data!.rejectMatch).toBe(true);
    const again = await upsert(spec);
    expect(again.decision).toBe('NO_MATCH');
    expect(again.member.id).not.toBe(a.member.id);
    const open = ((await gql(REVIEWS, { accountId: b.account.id })).data!.reviewQueue as any[]).filter((r) => r.account.id === b.account.id);
    expect(open).toEqual([]);
  });

  it('explains a match with every rule and its weight, naming evidence kinds only', async () => {
    const hangzhou = uniqueCity();
    const p = phone();
    const a = await upsert({ app: 'TAOBAO', displayName: 'Li Wei', birthDate: '1990-04-12', city: hangzhou, identifiers: [{ kind: 'PHONE', value: p }] });
    const b = await upsert({ app: 'AMAP', displayName: 'Wei Li', birthDate: '1990-04-12', city: hangzhou, identifiers: [{ kind: 'PHONE', value: p }] });
    const explanation = (await gql(EXPLAIN, { a: a.ref, b: b.ref })).data!.explainMatch;
    expect(explanation.decision).toBe('LINK');
    expect(explanation.score).toBeGreaterThan(0.95);
    expect(explanation.hits.filter((h: { weight: number }) => h.weight > 0).map((h: { rule: string }) => h.rule).sort()).toEqual(['BIRTH_DATE', 'CITY', 'NAME', 'PHONE']);
    expect(explanation.hits.find((h: { rule: string }) => h.rule === 'PHONE')).toMatchObject({ level: 'EXACT', tfAdjustment: 0 });
    expect(explanation.hits.find((h: { rule: string }) => h.rule === 'EMAIL')).toMatchObject({ level: 'MISSING', weight: 0 });
    // The waterfall starts at the prior and ends at the match weight, each bar adding one comparison.
    const steps = explanation.waterfall as { rule: string; weight: number; cumulativeWeight: number; probability: number }[];
    expect(steps.map((x) => x.rule)).toEqual(['PRIOR', ...explanation.hits.map((h: { rule: string }) => h.rule)]);
    expect(steps[0].cumulativeWeight).toBeCloseTo(explanation.priorWeight, 2);
    expect(steps[steps.length - 1].cumulativeWeight).toBeCloseTo(explanation.matchWeight, 2);
    for (let i = 1; i < steps.length; i++) expect(steps[i].cumulativeWeight).toBeCloseTo(steps[i - 1].cumulativeWeight + steps[i].weight, 2);
    expect(steps[steps.length - 1].probability).toBeCloseTo(explanation.score, 2);
    const missing = await gql(EXPLAIN, { a: a.ref, b: { app: 'AMAP', externalId: unique('nobody') } });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('merges, splits and consent', () => {
  it('never lets an unverified identifier bridge two existing members: the account joins the member it verified, the other goes to review', async () => {
    // The attack of issue 28: A signs up on AMAP with its own phone (verified by SMS) and the victim's (not verifiable).
    const [pa, pv] = [phone(), phone()];
    const victim = await upsert({ app: 'TAOBAO', displayName: 'Victim Person', identifiers: [{ kind: 'PHONE', value: pv, verified: true }] });
    const victimToo = await upsert({ app: 'ELEME', displayName: 'Victim Person', identifiers: [{ kind: 'PHONE', value: pv, verified: true }] });
    expect(victimToo.member.id).toBe(victim.member.id);
    const attacker = await upsert({ app: 'KOUBEI', identifiers: [{ kind: 'PHONE', value: pa, verified: true }] });
    // The victim's phone comes first and the victim's name too: the verified phone still decides where the account goes.
    const bridge = await upsert({ app: 'AMAP', displayName: 'Victim Person', identifiers: [{ kind: 'PHONE', value: pv }, { kind: 'PHONE', value: pa, verified: true }] });
    expect(bridge.decision).toBe('LINK');
    expect(bridge.mergedMemberIds).toEqual([]);
    expect(bridge.member.id).toBe(attacker.member.id);
    expect(await memberOf(victim.ref)).toBe(victim.member.id);
    expect(await memberOf(victimToo.ref)).toBe(victim.member.id);
    const queued = (await gql(REVIEWS, { accountId: bridge.account.id })).data!.reviewQueue as any[];
    expect(queued.map((r) => [r.account.id, r.candidate.id].sort())).toContainEqual([bridge.account.id, expect.any(String)].sort());
    expect(queued.some((r) => [victim.account.id, victimToo.account.id].includes(r.candidate.id) || [victim.account.id, victimToo.account.id].includes(r.account.id))).toBe(true);

    // Nothing verified: the account joins one member (the best) and the other stays apart, in review.
    const [p1, p2] = [phone(), phone()];
    const first = await upsert({ app: 'TAOBAO', identifiers: [{ kind: 'PHONE', value: p1 }] });
    const second = await upsert({ app: 'YOUKU', identifiers: [{ kind: 'PHONE', value: p2 }] });
    const unverified = await upsert({ app: 'FLIGGY', identifiers: [{ kind: 'PHONE', value: p1 }, { kind: 'PHONE', value: p2 }] });
    expect(unverified.decision).toBe('LINK');
    expect(unverified.mergedMemberIds).toEqual([]);
    expect([first.member.id, second.member.id]).toContain(unverified.member.id);
    expect(await memberOf(first.ref)).not.toBe(await memberOf(second.ref));

    // Verified on both sides of the bridge, the same account merges them.
    const [q1, q2] = [phone(), phone()];
    const third = await upsert({ app: 'TAOBAO', identifiers: [{ kind: 'PHONE', value: q1 }] });
    const fourth = await upsert({ app: 'YOUKU', identifiers: [{ kind: 'PHONE', value: q2 }] });
    const verified = await upsert({ app: 'FLIGGY', identifiers: [{ kind: 'PHONE', value: q1, verified: true }, { kind: 'PHONE', value: q2, verified: true }] });
    expect(verified.mergedMemberIds).toHaveLength(1);
    expect(await memberOf(third.ref)).toBe(await memberOf(fourth.ref));
  });

  it('merges two members bridged by a new account; the merged-away id keeps resolving; the merge is audited', async () => {
    const p = phone();
    const email = uniqueEmail();
    const m1 = await upsert({ app: 'TAOBAO', identifiers: [{ kind: 'PHONE', value: p }] });
    const m2 = await upsert({ app: 'YOUKU', identifiers: [{ kind: 'EMAIL', value: email }] });
    expect(m1.member.id).not.toBe(m2.member.id);
    const bridge = await upsert({ app: 'FLIGGY', identifiers: [{ kind: 'PHONE', value: p, verified: true }, { kind: 'EMAIL', value: email, verified: true }] });
    expect(bridge.decision).toBe('LINK');
    expect(bridge.mergedMemberIds).toHaveLength(1);
    const survivor = bridge.member.id;
    const mergedAway = bridge.mergedMemberIds[0];
    expect([m1.member.id, m2.member.id].sort()).toEqual([survivor, mergedAway].sort());
    const old = await gql('query($id: ID!) { member(id: $id) { id accounts { id } auditTrail { type rules evidenceKinds survivorId memberIds accountId } } }', { id: mergedAway });
    expect(old.data!.member.id).toBe(survivor);
    expect(old.data!.member.accounts).toHaveLength(3);
    expect(old.data!.member.auditTrail).toContainEqual({
      type: 'MERGE',
      rules: ['EMAIL', 'PHONE'],
      evidenceKinds: ['EMAIL', 'PHONE'],
      survivorId: survivor,
      memberIds: [survivor, mergedAway],
      accountId: bridge.account.id,
    });
  });

  it('unlinks an account so the same evidence does not merge it back, and relinks it on the member\'s word', async () => {
    const p = phone();
    const a = await upsert({ app: 'TAOBAO', identifiers: [{ kind: 'PHONE', value: p }] });
    const bSpec = { app: 'ELEME', externalId: unique('ele'), identifiers: [{ kind: 'PHONE', value: p }] };
    const b = await upsert(bSpec);
    expect(b.member.id).toBe(a.member.id);
    const unlinked = await gql('mutation($ref: AccountRef!) { unlinkAccount(ref: $ref, reason: "my husband\'s account") { id accounts { id link { method rules } } } }', { ref: b.ref });
    const own = unlinked.data!.unlinkAccount;
    expect(own.id).not.toBe(a.member.id);
    expect(own.accounts).toEqual([{ id: b.account.id, link: { method: 'MANUAL', rules: ['UNLINKED'] } }]);
    const again = await upsert(bSpec);
    expect(again.member.id).toBe(own.id);
    expect(again.decision).not.toBe('LINK');
    expect(await memberOf(a.ref)).toBe(a.member.id);

    const linked = await gql('mutation($a: AccountRef!, $b: AccountRef!) { linkAccounts(a: $a, b: $b, consentId: "consent-42") { id accounts { externalId link { method consentId } } } }', { a: a.ref, b: b.ref });
    expect(linked.errors).toBeUndefined();
    expect(linked.data!.linkAccounts.accounts).toContainEqual({ externalId: bSpec.externalId, link: { method: 'USER_ASSERTED', consentId: 'consent-42' } });
    expect(await memberOf(b.ref)).toBe(await memberOf(a.ref));
  });

  it('refuses to link unknown accounts or without a consent id', async () => {
    const a = await upsert({ app: 'TAOBAO', identifiers: [] });
    const noConsent = await gql('mutation($a: AccountRef!, $b: AccountRef!) { linkAccounts(a: $a, b: $b, consentId: " ") { id } }', { a: a.ref, b: a.ref });
    expect(noConsent.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await gql('mutation($a: AccountRef!, $b: AccountRef!) { linkAccounts(a: $a, b: $b, consentId: "c") { id } }', { a: a.ref, b: { app: 'TMALL', externalId: unique('none') } });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('erasure', () => {
  it('deletes the member with its accounts and identifiers; the same identifiers later start fresh', async () => {
    const p = phone();
    const email = uniqueEmail();
    const a = await upsert({ app: 'TAOBAO', identifiers: [{ kind: 'PHONE', value: p }] });
    const b = await upsert({ app: 'YOUKU', identifiers: [{ kind: 'PHONE', value: p }, { kind: 'EMAIL', value: email }] });
    expect(b.member.id).toBe(a.member.id);
    const erased = await gql('mutation($id: ID!) { eraseMember(id: $id) }', { id: a.member.id });
    expect(erased.data!.eraseMember).toBe(true);
    expect((await gql('query($id: ID!) { member(id: $id) { id } }', { id: a.member.id })).data!.member).toBeNull();
    expect((await gql('query($ref: AccountRef!) { account(ref: $ref) { id } }', { ref: a.ref })).data!.account).toBeNull();
    expect((await gql(RESOLVE, { ref: b.ref })).data!.resolveIdentity).toBeNull();
    const [row] = await api.db.readOne({
      name: 'test/erased-traces',
      text: 'MATCH (e:AuditEvent)-[:CONCERNS]->() WITH count(e) AS c RETURN c, COUNT { MATCH (e:AuditEvent) WHERE $id IN e.memberIds OR e.survivorId = $id } AS mentions',
    }, { id: a.member.id });
    expect(row.mentions).toBe(0);
    const fresh = await upsert({ app: 'ELEME', identifiers: [{ kind: 'PHONE', value: p }] });
    expect(fresh.decision).toBe('NO_MATCH');
    expect(fresh.member.id).not.toBe(a.member.id);
    expect((await gql('mutation($id: ID!) { eraseMember(id: $id) }', { id: a.member.id })).data!.eraseMember).toBe(false);
  });

  /**
   * An erasure part (run inside the erasure's transaction, after it has begun) that makes `change` happen in a
   * transaction of its own, once, and waits for it to commit, or at most `waitMs` when the erasure holds what it needs.
   */
  const meanwhile = (change: () => Promise<unknown>, waitMs = 2000) => {
    let started: Promise<unknown> | null = null;
    const part: ErasurePart = async () => {
      started ??= change().catch((error: unknown) => error);
      await Promise.race([started, new Promise((resolve) => setTimeout(resolve, waitMs))]);
    };
    return { part, done: () => started };
  };
  const accountExists = { name: 'test/account-exists', text: 'RETURN EXISTS { (:Account {app: $app, externalId: $externalId}) } AS exists' };

  it("tells a partner of an account linked to the member while it is erased (the ERASED change named only the accounts read before the link, and the link's account was deleted too)", async () => {
    const config = testConfig();
    const p = phone();
    const member = await upsert({ app: 'ELEME', identifiers: [{ kind: 'PHONE', value: p }] });
    const since = await lastOffset(api.db, 'TAOBAO');
    const taobao = { app: 'TAOBAO', externalId: unique('tb') };
    const linking = meanwhile(() => ingestAccount(api.db, config, { ...taobao, identifiers: [{ kind: IdentifierKind.PHONE, value: p }] }));
    expect(await eraseMember(api.db, config, member.member.id, [linking.part])).toBe(true);
    await linking.done();

    // What the partner heard of its account must end as the graph does: linked and alive, or erased.
    const heard = (await readChanges(api.db, 'TAOBAO', since, 1000)).filter((c) => c.accounts.some((a) => a.externalId === taobao.externalId)).map((c) => c.kind);
    const [{ exists }] = await api.db.readOne(accountExists, taobao);
    if (exists) expect(heard).toEqual(['LINKED']);
    else expect(heard.length === 0 || heard[heard.length - 1] === 'ERASED').toBe(true);
  });

  it('leaves nothing of an event recorded against an account of the member while it is erased (the event outlived the erasure)', async () => {
    const config = testConfig();
    const member = await upsert({ app: 'ELEME', identifiers: [{ kind: 'PHONE', value: phone() }] });
    const detail = unique('order');
    const recording = meanwhile(() => api.ok('mutation($input: EventInput!) { recordEvent(input: $input) }', { input: { ref: member.ref, type: 'VIEW', at: new Date().toISOString(), detail } }));
    expect(await eraseMember(api.db, config, member.member.id, [eraseEventsPart, recording.part])).toBe(true);
    await recording.done();

    const [{ left }] = await api.db.readOne({ name: 'test/events-left', text: 'RETURN COUNT { (e:Event {detail: $detail}) } AS left' }, { detail });
    expect(left).toBe(0);
  });

  it('erases the member a merge moves the erased member into meanwhile (it answered false and erased nothing)', async () => {
    const config = { ...testConfig(), identityChanges: false };
    const [p1, p2] = [phone(), phone()];
    const small = await upsert({ app: 'YOUKU', identifiers: [{ kind: 'PHONE', value: p1 }] });
    const big = await upsert({ app: 'ELEME', identifiers: [{ kind: 'PHONE', value: p2 }] });
    await upsert({ app: 'TMALL', identifiers: [{ kind: 'PHONE', value: p2 }] });
    // A bridge merges the erased member (fewer accounts) into the other.
    const bridge = { app: 'FLIGGY', externalId: unique('fl') };
    const merging = meanwhile(() => ingestAccount(api.db, config, { ...bridge, identifiers: [{ kind: IdentifierKind.PHONE, value: p1, verified: true }, { kind: IdentifierKind.PHONE, value: p2, verified: true }] }));
    expect(await eraseMember(api.db, config, small.member.id, [merging.part])).toBe(true);
    await merging.done();

    const [{ exists }] = await api.db.readOne(accountExists, small.ref);
    expect(exists).toBe(false);
    expect(await memberOf(big.ref)).not.toBe(small.member.id);
  });
});

describe('concurrency', () => {
  it('ends concurrent bridges of the same members in one survivor with no lost link', async () => {
    const p = phone();
    const email = uniqueEmail();
    const pay = unique('PAY');
    const m1 = await upsert({ app: 'TAOBAO', identifiers: [{ kind: 'PHONE', value: p }] });
    const m2 = await upsert({ app: 'YOUKU', identifiers: [{ kind: 'EMAIL', value: email }] });
    const m3 = await upsert({ app: 'ALIPAY', identifiers: [{ kind: 'PAYMENT_ID', value: pay }] });
    const bridges = await Promise.all([
      upsert({ app: 'ELEME', identifiers: [{ kind: 'PHONE', value: p, verified: true }, { kind: 'EMAIL', value: email, verified: true }] }),
      upsert({ app: 'FLIGGY', identifiers: [{ kind: 'EMAIL', value: email, verified: true }, { kind: 'PAYMENT_ID', value: pay, verified: true }] }),
      upsert({ app: 'AMAP', identifiers: [{ kind: 'PAYMENT_ID', value: pay, verified: true }, { kind: 'PHONE', value: p, verified: true }] }),
      upsert({ app: 'KOUBEI', identifiers: [{ kind: 'PHONE', value: p, verified: true }, { kind: 'EMAIL', value: email, verified: true }, { kind: 'PAYMENT_ID', value: pay, verified: true }] }),
      upsert({ app: 'TMALL', identifiers: [{ kind: 'EMAIL', value: email }] }),
      upsert({ app: 'CAINIAO', identifiers: [{ kind: 'PHONE', value: p }] }),
    ]);
    const refs = [m1, m2, m3, ...bridges].map((x) => x.ref);
    const members = await Promise.all(refs.map(memberOf));
    expect(new Set(members).size).toBe(1);
    const profile = await gql('query($id: ID!) { member(id: $id) { accounts { id } } }', { id: members[0] });
    expect(profile.data!.member.accounts).toHaveLength(9);
    for (const old of [m1, m2, m3]) {
      const res = await gql('query($id: ID!) { member(id: $id) { id } }', { id: old.member.id });
      expect(res.data!.member.id).toBe(members[0]);
    }
  }, 60_000);
});

describe('privacy', () => {
  it('returns no raw identifier value from any field that shows accounts, matches, reviews or audits (regression: depended on other tests\' data)', async () => {
    const city = uniqueCity();
    const phone = uniquePhone();
    const raw = {
      PHONE: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
      EMAIL: `${unique('Private.Person')}@Example.com`,
      DEVICE_ID: unique('device-serial'),
      PAYMENT_ID: unique('PAY-CARD'),
      ID_DOCUMENT: `11010519${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}X`,
    };
    const identifiers = Object.entries(raw).map(([kind, value]) => ({ kind, value }));
    const a = await upsert({ app: 'TAOBAO', displayName: 'Sun Li', birthDate: '1991-02-03', city, identifiers });
    const b = await upsert({ app: 'ALIPAY', displayName: 'Sun Lii', birthDate: '1991-02-03', city, identifiers: [{ kind: 'DEVICE_ID', value: raw.DEVICE_ID }] });
    const seen: unknown[] = [
      a, b,
      await api.gql('query($ref: AccountRef!) { account(ref: $ref) { identifiers { kind masked } member { accounts { identifiers { kind masked } } auditTrail { type rules evidenceKinds } } } }', { ref: a.ref }),
      await api.gql(EXPLAIN, { a: a.ref, b: b.ref }),
      await api.gql(REVIEWS, { accountId: b.account.id }),
      await api.gql(RESOLVE, { ref: b.ref }),
    ];
    for (const res of seen.slice(2)) expect((res as { errors?: unknown }).errors).toBeUndefined();
    const all = JSON.stringify(seen).toLowerCase();
    expect(all).toContain('masked');
    const digits = (v: string) => v.replace(/\D/g, '');
    for (const value of Object.values(raw)) {
      expect(all).not.toContain(value.toLowerCase());
      if (digits(value).length >= 8) expect(all.replace(/\D/g, ' ')).not.toContain(digits(value));
    }
  });
});
