import { startTestApi, TestApi, unique, uniqueCity, uniquePhone } from '../support/api';
import { deleteAccountsByPrefix, inline } from '../support/graph';
import { bearer, TEST_SECRET, token } from '../support/tokens';

/**
 * What analysts explore: every node an answer gives can be explored in turn by the id it carries, derived keys (kinds
 * ending in ~, matching's internals) appear in no answer, hubs are counted rather than gone through, and a link says
 * what it was decided on, when it was made.
 */
// Many requests each; the machine may be loaded.
jest.setTimeout(300_000);

let api: TestApi;
let admin: Record<string, string>;
let analyst: Record<string, string>;
const run = unique('ex');
const hubTag = `${run}-hub`;
const crowd = Array.from({ length: 25 }, (_, i) => `${run}-crowd-${i}`);

const ok = async (query: string, variables?: Record<string, unknown>, headers = admin) => {
  const res = await api.gql(query, variables, headers);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as any;
};

const UPSERT = `mutation($input: AccountInput!) { upsertAccount(input: $input) { decision member { id } account { id } } }`;
const HOOD = 'query($id: ID!, $d: Int, $l: Int) { neighborhood(id: $id, depth: $d, limit: $l) { nodes { id labels caption degree hub } edges { source target type } truncated } }';
const PATH = 'query($a: AccountRef!, $b: AccountRef!) { shortestPath(a: $a, b: $b) { length nodes { id labels caption } edges { source target type evidence } } }';
const MEMBER = `query($id: ID!) { member(id: $id) {
  accounts { id app { code } identifiers { kind masked }
    link { method confidence rules evidence { accountId score matchWeight hits { rule level weight detail } waterfall { rule probability } } } }
  auditTrail { type rules evidenceKinds accountId }
} }`;

/** Every string in an answer: what an analyst could read. */
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
const DERIVED_KIND = /\b(PHONE|EMAIL|ID_DOCUMENT)~/;
const expectNoDerivedKey = (answer: unknown) => expect(strings(answer).filter((s) => s.includes('~'))).toEqual([]);

const refs = {
  taobao: { app: 'TAOBAO', externalId: `${run}-taobao` },
  alipay: { app: 'ALIPAY', externalId: `${run}-alipay` },
  eleme: { app: 'ELEME', externalId: `${run}-eleme` },
  stranger: { app: 'AMAP', externalId: `${run}-stranger` },
};
let memberId = '';
let ids: Record<keyof typeof refs, string>;

beforeAll(async () => {
  // What is tested is what the answers hold, not how fast they come on a machine other suites load.
  api = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET, ANALYTICS_QUERY_TIMEOUT_MS: '120000' });
  admin = bearer(await token({ role: 'admin', sub: 'ops-explore' }));
  analyst = bearer(await token({ role: 'analyst', sub: 'analyst-explore' }));
  const city = uniqueCity();
  const phone = uniquePhone();
  // The same phone with its last digit mistyped: only the derived keys of the two agree.
  const typo = phone.slice(0, -1) + String((Number(phone.slice(-1)) + 1) % 10);
  const device = unique('device');
  const person = { displayName: 'Lin Qiaoyun', birthDate: '1990-04-05', city };
  const upsert = async (ref: { app: string; externalId: string }, input: Record<string, unknown>) => (await ok(UPSERT, { input: { ...ref, ...input } })).upsertAccount;
  const taobao = await upsert(refs.taobao, { ...person, identifiers: [{ kind: 'PHONE', value: phone, verified: true }, { kind: 'DEVICE_ID', value: device }] });
  const alipay = await upsert(refs.alipay, { ...person, identifiers: [{ kind: 'PHONE', value: phone }] });
  const eleme = await upsert(refs.eleme, { ...person, identifiers: [{ kind: 'PHONE', value: typo }] });
  // Another person on the same tablet: a shared device links no one, but exploring the device reaches them.
  const stranger = await upsert(refs.stranger, { displayName: 'Zhou Bo', birthDate: '1961-11-30', city: uniqueCity(), identifiers: [{ kind: 'DEVICE_ID', value: device }] });
  expect([alipay.decision, eleme.decision, stranger.decision]).toEqual(['LINK', 'LINK', 'NO_MATCH']);
  expect(new Set([taobao.member.id, alipay.member.id, eleme.member.id]).size).toBe(1);
  memberId = taobao.member.id;
  ids = { taobao: taobao.account.id, alipay: alipay.account.id, eleme: eleme.account.id, stranger: stranger.account.id };
  // A tag on the member and on 25 others: a hub.
  await api.db.writeOne(
    inline(
      'test/explore-hub',
      `MERGE (t:Tag {name: $tag})
       WITH t UNWIND $crowd AS id CREATE (m:Member {id: id, displayName: 'Crowd', loyaltyScore: 0, createdAt: datetime()})-[:HAS_TAG]->(t)
       WITH DISTINCT t MATCH (me:Member {id: $me}) MERGE (me)-[:HAS_TAG]->(t)`,
    ),
    { tag: hubTag, crowd, me: memberId },
  );
}, 600_000);

afterAll(async () => {
  if (!api) return;
  await api.db.writeOne(deleteAccountsByPrefix, { prefix: run });
  await api.db.writeOne(inline('test/explore-cleanup', 'MATCH (n) WHERE (n:Member AND n.id IN $crowd) OR (n:Tag AND n.name = $tag) DETACH DELETE n'), { crowd, tag: hubTag });
  await api.stop();
});

describe('exploring the graph', () => {
  it('expands every node a depth-2 neighbourhood gives, by the id it carries: a shared identifier leads to the other accounts that carry it', async () => {
    const { neighborhood } = await ok(HOOD, { id: memberId, d: 2, l: 200 }, analyst);
    expectNoDerivedKey(neighborhood);
    const identifiers = neighborhood.nodes.filter((n: any) => n.labels.includes('Identifier'));
    expect(identifiers.map((n: any) => n.caption.split(' ')[0]).sort()).toEqual(['DEVICE_ID', 'PHONE', 'PHONE']);
    for (const node of neighborhood.nodes) {
      const res = await api.gql(HOOD, { id: node.id, d: 1, l: 50 }, analyst);
      expect({ node: node.caption, errors: res.errors }).toEqual({ node: node.caption, errors: undefined });
      expect(res.data!.neighborhood.nodes[0].id).toBe(node.id);
      expectNoDerivedKey(res.data!.neighborhood);
    }
    // The device the member shares with a stranger: expanding it reaches the stranger's account.
    const device = identifiers.find((n: any) => n.caption.startsWith('DEVICE_ID'));
    expect(device.caption).toMatch(/\(on 2 accounts\)$/);
    const around = (await ok(HOOD, { id: device.id, d: 1, l: 50 }, analyst)).neighborhood;
    expect(around.nodes.map((n: any) => n.id).sort()).toEqual([device.id, ids.stranger, ids.taobao].sort());
    expect(around.edges.every((e: any) => e.type === 'HAS_IDENTIFIER' && e.target === device.id)).toBe(true);
    // The phone two accounts carry leads to both.
    const phone = (await ok(HOOD, { id: ids.alipay, d: 1, l: 50 }, analyst)).neighborhood.nodes.find((n: any) => n.labels.includes('Identifier'));
    expect(phone.caption).toMatch(/^PHONE 199\*\*\*\*\d{4} \(on 2 accounts\)$/);
    const carriers = (await ok(HOOD, { id: phone.id, d: 1, l: 50 }, analyst)).neighborhood.nodes.filter((n: any) => n.labels.includes('Account'));
    expect(carriers.map((n: any) => n.id).sort()).toEqual([ids.alipay, ids.taobao].sort());
  });

  it('shows a hub once, counted, and does not go through it; exploring from the hub lists its members', async () => {
    const { neighborhood } = await ok(HOOD, { id: memberId, d: 2, l: 200 }, analyst);
    const hub = neighborhood.nodes.find((n: any) => n.id === `tag:${hubTag}`);
    expect(hub).toMatchObject({ hub: true, degree: 26, caption: `${hubTag} (26 links)` });
    expect(neighborhood.nodes.filter((n: any) => crowd.includes(n.id))).toEqual([]);
    // Reached at depth 2 through the member's accounts, the app tags and brands would be hubs too; the member is not.
    expect(neighborhood.nodes.find((n: any) => n.id === memberId).hub).toBe(false);
    const members = (await ok(HOOD, { id: `tag:${hubTag}`, d: 1, l: 50 }, analyst)).neighborhood.nodes.filter((n: any) => n.labels.includes('Member'));
    expect(members).toHaveLength(26);
  });

  it('finds a path without derived keys, and says what a fuzzy link was: a phone one digit apart', async () => {
    // shortestPath by raw external ids is for admins (analysts: shortestPathByIds).
    const { shortestPath } = await ok(PATH, { a: refs.taobao, b: refs.eleme });
    expectNoDerivedKey(shortestPath);
    expect(shortestPath.length).toBe(2);
    expect(shortestPath.edges.map((e: any) => e.type)).toEqual(['BELONGS_TO', 'BELONGS_TO']);
    const fuzzy = shortestPath.edges.find((e: any) => e.source === ids.eleme);
    expect(fuzzy.evidence).toMatch(/^PROBABILISTIC link \(confidence [\d.]+; a phone one digit apart/);
    for (const node of shortestPath.nodes) expect((await api.gql(HOOD, { id: node.id, d: 1, l: 10 }, analyst)).errors).toBeUndefined();
  });

  it('keeps on each automatic link the comparison that made it, and audits the link', async () => {
    const { member } = await ok(MEMBER, { id: memberId }, analyst);
    expectNoDerivedKey(member);
    const byId = new Map(member.accounts.map((a: any) => [a.id, a]));
    const taobao = byId.get(ids.taobao) as any;
    const alipay = byId.get(ids.alipay) as any;
    const eleme = byId.get(ids.eleme) as any;
    // The account that made the member has nothing to be compared with.
    expect(taobao.link).toMatchObject({ rules: ['NEW_MEMBER'], evidence: null });
    expect(alipay.link.method).toBe('DETERMINISTIC');
    expect(alipay.link.evidence).toMatchObject({ accountId: ids.taobao, score: alipay.link.confidence });
    expect(alipay.link.evidence.hits.find((h: any) => h.rule === 'PHONE')).toMatchObject({ level: 'EXACT', detail: 'same PHONE on both accounts' });
    // The fuzzy phone is its rule at level CLOSE, never its derived key.
    expect(eleme.link.method).toBe('PROBABILISTIC');
    expect(eleme.link.rules).toContain('PHONE');
    expect(eleme.link.evidence.accountId).toMatch(new RegExp(`^(${ids.taobao}|${ids.alipay})$`));
    expect(eleme.link.evidence.score).toBe(eleme.link.confidence);
    expect(eleme.link.evidence.hits.find((h: any) => h.rule === 'PHONE')).toMatchObject({ level: 'CLOSE', detail: expect.stringContaining('a phone one digit apart') });
    expect(eleme.link.evidence.waterfall.map((s: any) => s.rule)).toEqual(['PRIOR', ...eleme.link.evidence.hits.map((h: any) => h.rule)]);
    expect(eleme.link.evidence.waterfall.at(-1).probability).toBeCloseTo(eleme.link.confidence, 2);
    // Nothing changed since: scoring the pair now gives what the link kept.
    const now = (await ok('query($a: ID!, $b: ID!) { explainMatchByIds(a: $a, b: $b) { score } }', { a: ids.eleme, b: eleme.link.evidence.accountId }, analyst)).explainMatchByIds;
    expect(now.score).toBe(eleme.link.evidence.score);
    expect(member.auditTrail).toEqual(
      expect.arrayContaining([
        { type: 'LINK', rules: alipay.link.rules, evidenceKinds: ['PHONE'], accountId: ids.alipay },
        { type: 'LINK', rules: eleme.link.rules, evidenceKinds: ['PHONE'], accountId: ids.eleme },
      ]),
    );
    for (const account of member.accounts) for (const identifier of account.identifiers) expect(identifier.kind).not.toMatch(DERIVED_KIND);
  });

  it('hides the evidence of a link from partners (it names another app\'s account)', async () => {
    const partner = bearer(await token({ role: 'partner', app: 'ELEME', sub: 'partner-eleme' }));
    const res = await api.gql('query($ref: AccountRef!) { account(ref: $ref) { link { method evidence { accountId } } } }', { ref: refs.eleme }, partner);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
