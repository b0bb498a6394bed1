import { loadConfig } from '../../src/app/config';
import { AccountWrite } from '../../src/identity/account.repository';
import { BatchGraph, fetchRequest, GraphAccount, GraphMember, nameEvidence, planBatch, subjectKey } from '../../src/identity/batch.matching';
import { MatchingConfig } from '../../src/identity/identity.config';
import { BlockKind, nameInitials } from '../../src/identity/matching.blocking';

const config: MatchingConfig = loadConfig({}).matching;

/** Readable ids: new accounts and members get a1, a2, ... in the order the planner asks for them. */
function ids(): () => string {
  let n = 0;
  return () => `new${++n}`;
}

const id = (kind: string, value: string, verified?: true) => ({ kind, hash: `${kind}:${value}`, masked: '***', ...(verified ? { verified } : {}) });
function write(app: string, externalId: string, identifiers: ReturnType<typeof id>[], profile: Partial<AccountWrite> = {}): AccountWrite {
  const account = { app, externalId, displayName: null, birthDate: null, city: null, identifiers, ...profile };
  return { ...account, nameInitials: nameInitials(account.displayName) };
}

const emptyGraph = (writes: AccountWrite[]): BatchGraph => ({
  identifiers: fetchRequest(writes, []).identifiers.map((i) => ({ hash: i.hash, kind: i.kind, degree: 0, carriers: [] })),
  blocks: [],
  accounts: [],
  members: [],
});

function graphAccount(idValue: string, app: string, memberId: string, hashes: string[], profile: Partial<GraphAccount> = {}): GraphAccount {
  return { id: idValue, app, externalId: `${app}-${idValue}`, displayName: null, birthDate: null, city: null, memberId, hashes, kinds: hashes.map((h) => h.split(":")[0]), dnl: [], ...profile };
}
function graphMember(idValue: string, apps: Record<string, number>, createdMs: number, avoid: string[] = []): GraphMember {
  return { id: idValue, displayName: null, createdMs, createdNs: 0, version: 7, apps: Object.entries(apps).map(([app, accounts]) => ({ app, accounts })), avoid };
}

describe('planBatch', () => {
  it('links accounts of one batch to each other as one-by-one ingest would, in input order', () => {
    const p = id('PHONE', '1');
    const e = id('EMAIL', 'e');
    const writes = [write('TAOBAO', 'a', [p]), write('ELEME', 'b', [p, e]), write('YOUKU', 'c', [e])];
    const { plan, outcomes } = planBatch(writes, [], emptyGraph(writes), config, ids());
    expect(outcomes.map((o) => o.decision)).toEqual(['NO_MATCH', 'LINK', 'LINK']);
    expect(new Set(outcomes.map((o) => o.memberId)).size).toBe(1);
    expect(outcomes[1].link).toMatchObject({ method: 'DETERMINISTIC', rules: ['PHONE'], confidence: 0.952 });
    expect(outcomes[2].link.rules).toEqual(['EMAIL']);
    expect(plan.members).toHaveLength(1);
    expect(plan.accounts.every((a) => a.isNew && a.memberId === plan.members[0].id)).toBe(true);
    expect(plan.aliases).toEqual([]);
    expect(plan.lockMembers).toEqual([]);
  });

  it('compares members on what their accounts carry together: the name on one, the birth date on another', () => {
    const p = id('PHONE', '1');
    // A prior where a name a typo apart with the same birth date links, a birth date alone does not.
    const loose: MatchingConfig = { ...config, model: { ...config.model, priorWeight: 2.3 } };
    const writes = [
      write('ALIHEALTH', 'c', [], { displayName: 'Tann Tianyang', birthDate: '1953-05-12', city: 'Chongqing' }),
      write('TAOBAO', 'a', [p], { displayName: 'Tan Tianyang' }),
      // No name: the CITY block proposes it with c (the DATE block asks for a name's first letter).
      write('TAOPIAOPIAO', 'b', [p], { birthDate: '1953-05-12', city: 'Chongqing' }),
    ];
    const { plan, outcomes } = planBatch(writes, [], emptyGraph(writes), loose, ids());
    const [c, a, b] = outcomes;
    expect(c.decision).toBe('NO_MATCH');
    expect(a.decision).toBe('NO_MATCH');
    // b links to a's member by the phone; completed with a's name, it would link c's member by name and birth date,
    // but joining a second member is a bridge, which only an identifier b verified may make: c's member goes to review.
    expect(b).toMatchObject({ decision: 'LINK', mergedMemberIds: [] });
    expect(new Set(plan.accounts.map((x) => x.memberId)).size).toBe(2);
    expect(plan.reviews).toEqual([expect.objectContaining({ subjectId: b.accountId, candidateId: c.accountId })]);
    // Without a's name, b and c share a birth date and a city only: a review, not a link.
    const alone = [writes[0], writes[2]];
    const single = planBatch(alone, [], emptyGraph(alone), loose, ids());
    expect(single.outcomes[1].decision).toBe('REVIEW');
    expect(new Set(single.plan.accounts.map((x) => x.memberId)).size).toBe(2);
  });

  it('merges members a later account of the batch bridges: the merged one becomes an alias, the merge is audited', () => {
    const p = id('PHONE', '1');
    const e = id('EMAIL', 'e');
    const writes = [write('TAOBAO', 'a', [p]), write('YOUKU', 'b', [e]), write('FLIGGY', 'c', [{ ...p, verified: true }, { ...e, verified: true }])];
    const { plan, outcomes } = planBatch(writes, [], emptyGraph(writes), config, ids());
    const [a, b, c] = outcomes;
    expect(c).toMatchObject({ decision: 'LINK', memberId: a.memberId, mergedMemberIds: [b.memberId] });
    expect(plan.members.map((m) => m.id)).toEqual([a.memberId]);
    expect(plan.aliases).toEqual([expect.objectContaining({ id: b.memberId, rootId: a.memberId })]);
    expect(plan.accounts.map((x) => x.memberId)).toEqual([a.memberId, a.memberId, a.memberId]);
    expect(plan.events).toEqual([
      expect.objectContaining({ type: 'MERGE', rules: ['EMAIL', 'PHONE'], evidenceKinds: ['EMAIL', 'PHONE'], survivorId: a.memberId, memberIds: [a.memberId, b.memberId], accountId: c.accountId, concerns: [a.memberId, b.memberId] }),
    ]);
  });

  it('counts an identifier as over-shared from the account that takes it past the limit, mid-batch', () => {
    const shop = id('PHONE', 'shop');
    const small: MatchingConfig = { ...config, identifierMaxAccounts: 3 };
    const writes = ['a', 'b', 'c', 'd'].map((x) => write('ELEME', x, [shop]));
    const graph = emptyGraph(writes);
    graph.identifiers[0] = { ...graph.identifiers[0], degree: 1, carriers: ['g1'] };
    graph.accounts = [graphAccount('g1', 'CAINIAO', 'm1', [shop.hash])];
    graph.members = [graphMember('m1', { CAINIAO: 1 }, 1)];
    const { outcomes } = planBatch(writes, [], graph, small, ids());
    // Degrees 2 and 3 are within the limit (a links to m1, b to m1); c brings it to 4: not counted any more.
    expect(outcomes.map((o) => o.decision)).toEqual(['LINK', 'LINK', 'NO_MATCH', 'NO_MATCH']);
    expect(outcomes[0].memberId).toBe('m1');
  });

  it('names the identifiers the batch takes past the limit for re-examination after the commit, keys after identifiers, not those re-examined before', () => {
    const small: MatchingConfig = { ...config, identifierMaxAccounts: 2 };
    const shop = id('PHONE', 'shop');
    const shopKey = id('PHONE~', 'shop-key');
    const old = id('PHONE', 'old-shop');
    const own = id('EMAIL', 'own');
    const writes = ['a', 'b', 'c'].map((x) => write('ELEME', x, [shop, shopKey, old]));
    writes.push(write('ELEME', 'd', [own]));
    const graph = emptyGraph(writes);
    graph.identifiers = graph.identifiers.map((i) => (i.hash === old.hash ? { ...i, degree: 5, carriers: [], reexamined: true } : i));
    const { plan } = planBatch(writes, [], graph, small, ids());
    expect(plan.overShared).toEqual([shop.hash, shopKey.hash]);
    const under = planBatch(writes.slice(0, 2), [], emptyGraph(writes.slice(0, 2)), small, ids());
    expect(under.plan.overShared).toEqual([]);
  });

  it('merges graph members it bridges into the one with most accounts and locks both at the versions it read', () => {
    const p = id('PHONE', '1');
    const e = id('EMAIL', 'e');
    const writes = [write('FLIGGY', 'c', [id('PHONE', '1', true), id('EMAIL', 'e', true)])];
    const graph = emptyGraph(writes);
    graph.identifiers = [
      { hash: e.hash, kind: 'EMAIL', degree: 1, carriers: ['g2'] },
      { hash: p.hash, kind: 'PHONE', degree: 1, carriers: ['g1'] },
    ];
    graph.accounts = [graphAccount('g1', 'TAOBAO', 'm1', [p.hash]), graphAccount('g2', 'YOUKU', 'm2', [e.hash])];
    graph.members = [graphMember('m1', { TAOBAO: 1 }, 2), graphMember('m2', { YOUKU: 1, TMALL: 1 }, 5)];
    const { plan, outcomes } = planBatch(writes, [], graph, config, ids());
    expect(outcomes[0]).toMatchObject({ decision: 'LINK', memberId: 'm2', mergedMemberIds: ['m1'] });
    expect(plan.merges).toEqual([{ survivorId: 'm2', mergedIds: ['m1'], displayName: null }]);
    expect(plan.lockMembers).toEqual([{ id: 'm1', version: 7 }, { id: 'm2', version: 7 }]);
    expect(plan.members).toEqual([]);
  });

  it('sends a bridge that no identifier the account verified supports to review instead of merging: it joins the member it verified', () => {
    const p = id('PHONE', '1');
    const e = id('EMAIL', 'e');
    // The email reaches m2 but is not verified; the verified phone reaches m1, which holds fewer accounts.
    const writes = [write('FLIGGY', 'c', [id('PHONE', '1', true), e])];
    const graph = emptyGraph(writes);
    graph.identifiers = [
      { hash: e.hash, kind: 'EMAIL', degree: 1, carriers: ['g2'] },
      { hash: p.hash, kind: 'PHONE', degree: 1, carriers: ['g1'] },
    ];
    graph.accounts = [graphAccount('g1', 'TAOBAO', 'm1', [p.hash]), graphAccount('g2', 'YOUKU', 'm2', [e.hash])];
    graph.members = [graphMember('m1', { TAOBAO: 1 }, 2), graphMember('m2', { YOUKU: 1, TMALL: 1 }, 5)];
    const { plan, outcomes } = planBatch(writes, [], graph, config, ids());
    expect(outcomes[0]).toMatchObject({ decision: 'LINK', memberId: 'm1', mergedMemberIds: [] });
    expect(plan.reviews).toEqual([expect.objectContaining({ candidateId: 'g2' })]);
    expect(plan.merges).toEqual([]);
    expect(plan.accounts[0].verified).toEqual([p.hash]);
  });

  it('sends a bridge that a do-not-link fact forbids to review instead of merging', () => {
    const p = id('PHONE', '1');
    const e = id('EMAIL', 'e');
    const writes = [write('FLIGGY', 'c', [id('PHONE', '1', true), id('EMAIL', 'e', true)])];
    const graph = emptyGraph(writes);
    graph.identifiers = [
      { hash: e.hash, kind: 'EMAIL', degree: 1, carriers: ['g2'] },
      { hash: p.hash, kind: 'PHONE', degree: 1, carriers: ['g1'] },
    ];
    graph.accounts = [graphAccount('g1', 'TAOBAO', 'm1', [p.hash], { dnl: ['m2'] }), graphAccount('g2', 'YOUKU', 'm2', [e.hash])];
    graph.members = [graphMember('m1', { TAOBAO: 1 }, 2, ['m2']), graphMember('m2', { YOUKU: 1 }, 5)];
    const { plan, outcomes } = planBatch(writes, [], graph, config, ids());
    expect(outcomes[0]).toMatchObject({ decision: 'LINK', memberId: 'm1', mergedMemberIds: [] });
    expect(plan.reviews).toEqual([expect.objectContaining({ candidateId: 'g2', score: 0.926 })]);
    expect(plan.merges).toEqual([]);
  });

  it('treats a repeated account as a re-ingest of the first: one stored account, identifiers accumulate', () => {
    const p = id('PHONE', '1');
    const e = id('EMAIL', 'e');
    const writes = [
      write('TAOBAO', 'a', [p], { displayName: 'Li Wei' }),
      write('TAOBAO', 'a', [e], { city: 'Hangzhou' }),
      write('YOUKU', 'b', [e]),
    ];
    const { plan, outcomes } = planBatch(writes, [], emptyGraph(writes), config, ids());
    expect(outcomes.map((o) => o.decision)).toEqual(['NO_MATCH', 'NO_MATCH', 'LINK']);
    expect(outcomes[1].accountId).toBe(outcomes[0].accountId);
    expect(plan.accounts).toHaveLength(2);
    expect(plan.accounts[0]).toMatchObject({ displayName: 'Li Wei', city: 'Hangzhou', identifiers: [p, e] });
  });

  it('re-ingesting an existing account keeps its member and link', () => {
    const p = id('PHONE', '1');
    const existing = [graphAccount('g1', 'TAOBAO', 'm1', [p.hash], { externalId: 'a', link: { method: 'DETERMINISTIC' as never, confidence: 1, rules: ['NEW_MEMBER'], linkedAt: new Date(0), consentId: null } })];
    const writes = [write('TAOBAO', 'a', [p])];
    const request = fetchRequest(writes, existing);
    expect(request).toMatchObject({ exclude: { g1: true }, ownMembers: ['m1'], known: [] });
    const graph: BatchGraph = { identifiers: [{ hash: p.hash, kind: 'PHONE', degree: 1, carriers: ['g1'] }], blocks: [], accounts: [], members: [graphMember('m1', { TAOBAO: 1 }, 1)] };
    const { plan, outcomes } = planBatch(writes, existing, graph, config, ids());
    expect(outcomes[0]).toMatchObject({ accountId: 'g1', memberId: 'm1', decision: 'NO_MATCH', link: { rules: ['NEW_MEMBER'] } });
    expect(plan.accounts).toEqual([expect.objectContaining({ id: 'g1', isNew: false, memberId: null, link: null })]);
    expect(plan.members).toEqual([]);
  });

  it('takes the best-named accounts of a crowded (birthDate, city) block, the batch\'s own accounts competing', () => {
    const profile = { displayName: 'Wang Fangfang', birthDate: '1990-01-01', city: 'Suzhou' };
    const writes = [write('ELEME', 'y', [], { ...profile, displayName: 'WANG FANGFANG' }), write('TMALL', 'x', [], profile)];
    const small: MatchingConfig = { ...config, maxCandidates: 2 };
    const graph = emptyGraph(writes);
    const key = subjectKey('1990-01-01', 'Suzhou', 'Wang Fangfang');
    expect(fetchRequest(writes, []).subjects).toEqual([{ key, birthDate: '1990-01-01', city: 'Suzhou', name: 'wang fangfang', initials: 'fw' }]);
    // The statement already cut the graph's block to its best two; the batch's earlier account competes with them.
    graph.blocks = [{ key, kind: BlockKind.CITY, accounts: ['g2', 'g1'] }];
    graph.accounts = [
      graphAccount('g1', 'TAOBAO', 'm1', [], { displayName: 'Wang Fnagfang', birthDate: '1990-01-01', city: 'Suzhou' }),
      graphAccount('g2', 'ALIPAY', 'm2', [], { displayName: 'Wang Fang', birthDate: '1990-01-01', city: 'Suzhou' }),
    ];
    graph.members = [graphMember('m1', { TAOBAO: 1 }, 1), graphMember('m2', { ALIPAY: 1 }, 2)];
    const { plan, outcomes } = planBatch(writes, [], graph, small, ids());
    const [y, x] = outcomes;
    expect(x.decision).toBe('REVIEW');
    // y (same name: 100) and g2 (common prefix "wang fang": 9) beat g1 (prefix "wang f": 6).
    const reviewedForX = plan.reviews.filter((r) => r.subjectId === x.accountId).map((r) => r.candidateId);
    expect(reviewedForX.sort()).toEqual(['g2', y.accountId].sort());
    expect(plan.reviews.filter((r) => r.subjectId === y.accountId).map((r) => r.candidateId).sort()).toEqual(['g1', 'g2']);
  });
});

describe('nameEvidence', () => {
  it('ranks the same name first, then the longest common prefix (at most 16), case folded by the caller', () => {
    expect(nameEvidence('wang fangfang', 'wang fangfang')).toBe(100);
    expect(nameEvidence('wang fangfang', 'wang fnagfang')).toBe(6);
    expect(nameEvidence('wang fangfang', 'li wei')).toBe(0);
    expect(nameEvidence('', 'li wei')).toBe(0);
    expect(nameEvidence('abcdefghijklmnopqrs', 'abcdefghijklmnopqrt')).toBe(16);
  });
});
