import { loadConfig } from '../../src/app/config';
import { isDeterministic, nameSimilarity, scoreMatch, settleNeighbours, withMemberProfile } from '../../src/identity/matching.rules';
import { birthDateLevel, identifierLevel, nameLevel } from '../../src/identity/matching.levels';
import { probability, weightAt } from '../../src/identity/matching.model';
import { chooseSurvivor, joinRefusal } from '../../src/identity/merge.rules';
import { LockedMember } from '../../src/identity/merge.rules';

const config = loadConfig({}).matching;
const person = (displayName: string | null, birthDate: string | null = null, city: string | null = null) => ({ displayName, birthDate, city });

describe('nameSimilarity', () => {
  it('treats case, spacing, punctuation and word order as equal', () => {
    expect(nameSimilarity('Li Wei', 'li  wei')).toBe(1);
    expect(nameSimilarity('Li Wei', 'Wei, Li')).toBe(1);
    expect(nameSimilarity('ＬＩ　ＷＥＩ', 'li wei')).toBe(1);
  });
  it('tolerates a typo but not a different name', () => {
    expect(nameSimilarity('Wang Fangfang', 'Wang Fnagfang')).toBeGreaterThan(0.9);
    expect(nameSimilarity('Li Wei', 'Zhao Lei')).toBeLessThan(config.nameSimilarityMin);
  });
  it('is 0 for a name with no letters', () => {
    expect(nameSimilarity('---', 'Li Wei')).toBe(0);
  });
});

describe('comparison levels', () => {
  it('grades names: same words, a typo, a similar name, a nickname, another name, none', () => {
    expect(nameLevel('Wang Weiming', 'weiming WANG', 0.8).level).toBe('EXACT');
    expect(nameLevel('Wang Fangfang', 'Wang Fnagfang', 0.8).level).toBe('CLOSE');
    // One edit, as written or with the words sorted: a letter wrong, dropped, doubled, or two neighbours swapped.
    expect(nameLevel('Zhao Nantao', 'Zhao Nntao', 0.8).level).toBe('CLOSE');
    expect(nameLevel('Zhang Wei', 'zhng wei', 0.8).level).toBe('CLOSE');
    expect(nameLevel('Liu Xuan', 'Xuan Niu', 0.8).level).toBe('CLOSE');
    // Similar but two edits apart: as often another person's name as a typo.
    expect(nameLevel('Wang Weiming', 'Wang Weimin', 0.8).level).toBe('CLOSE');
    expect(nameLevel('Wang Weiming', 'Wang Weilin', 0.8).level).toBe('SIMILAR');
    expect(nameLevel('Chen Jianguo', 'Chen Jianhua', 0.8).level).toBe('SIMILAR');
    expect(nameLevel('Wang Weiming', 'Xiao Wei', 0.8).level).toBe('PARTIAL');
    expect(nameLevel('Li Wei', 'Zhao Lei', 0.8).level).toBe('DIFFERENT');
    expect(nameLevel(null, 'Zhao Lei', 0.8).level).toBe('MISSING');
  });
  it('grades birth dates: a day/month swap or one wrong digit is CLOSE, another year is DIFFERENT', () => {
    expect(birthDateLevel('1990-03-07', '1990-03-07')).toBe('EXACT');
    expect(birthDateLevel('1990-03-07', '1990-07-03')).toBe('CLOSE');
    expect(birthDateLevel('1990-03-07', '1990-03-08')).toBe('CLOSE');
    expect(birthDateLevel('1990-03-17', '1990-03-71')).toBe('CLOSE');
    expect(birthDateLevel('1990-03-07', '1991-03-07')).toBe('DIFFERENT');
    expect(birthDateLevel('1990-03-07', '1990-11-25')).toBe('DIFFERENT');
    expect(birthDateLevel(null, '1990-11-25')).toBe('MISSING');
  });
  it('grades an identifier kind: shared, a derived key shared, both carry one but none shared, over-shared, absent', () => {
    const a = { ...person(null), kinds: ['PHONE', 'EMAIL'] };
    const b = { ...person(null), kinds: ['PHONE'] };
    expect(identifierLevel('PHONE', a, b, [{ kind: 'PHONE', accounts: 2 }], 20).level).toBe('EXACT');
    expect(identifierLevel('PHONE', a, b, [{ kind: 'PHONE~', accounts: 2 }], 20).level).toBe('CLOSE');
    expect(identifierLevel('PHONE', a, b, [], 20).level).toBe('DIFFERENT');
    expect(identifierLevel('PHONE', a, b, [{ kind: 'PHONE', accounts: 21 }], 20)).toMatchObject({ level: 'MISSING', overShared: true });
    expect(identifierLevel('EMAIL', a, b, [], 20).level).toBe('MISSING');
  });
});

describe('scoreMatch', () => {
  it('keeps the old score of a lone strong identifier in the starting model: log2(1 / (1 - w)) bits', () => {
    const result = scoreMatch(person(null), person(null), [{ kind: 'PHONE', accounts: 2 }], config);
    expect(result.hits.find((h) => h.rule === 'PHONE')).toMatchObject({ level: 'EXACT', weight: Number(Math.log2(1 / (1 - config.weights.PHONE)).toFixed(3)) });
    expect(result).toMatchObject({ decision: 'LINK', score: 0.952 });
    expect(isDeterministic(result.hits)).toBe(true);
  });

  it('sums the prior and every comparison into the match weight, and P = 1 / (1 + 2^-W)', () => {
    const model = { ...config.model, priorWeight: -2 };
    const result = scoreMatch(person('Wang Fang', '1986-09-30', 'Shanghai'), person('Wang Fnag', '1986-09-30', 'shanghai'), [], { ...config, model });
    expect(result.hits.map((h) => h.rule)).toEqual(['ID_DOCUMENT', 'PAYMENT_ID', 'PHONE', 'EMAIL', 'DEVICE_ID', 'NAME', 'BIRTH_DATE', 'CITY']);
    expect(result.matchWeight).toBeCloseTo(-2 + result.hits.reduce((sum, h) => sum + h.weight, 0), 2);
    expect(result.score).toBeCloseTo(1 / (1 + 2 ** -result.matchWeight), 3);
    expect(result.hits.find((h) => h.rule === 'NAME')!.level).toBe('CLOSE');
    expect(isDeterministic(result.hits)).toBe(false);
  });

  it('never links on a device alone, however much it weighs', () => {
    const model = { ...config.model, m: { ...config.model.m, DEVICE_ID: { EXACT: 0.99 } }, u: { ...config.model.u, DEVICE_ID: { EXACT: 0.0001 } } };
    const result = scoreMatch(person(null), person(null), [{ kind: 'DEVICE_ID', accounts: 3 }], { ...config, model });
    expect(result.matchWeight).toBeGreaterThan(10);
    expect(result.decision).toBe('NO_MATCH');
  });

  it('does not count an identifier carried by more accounts than the limit', () => {
    const result = scoreMatch(person(null), person(null), [{ kind: 'PHONE', accounts: config.identifierMaxAccounts + 1 }], config);
    expect(result).toMatchObject({ decision: 'NO_MATCH', matchWeight: 0 });
    expect(result.hits.find((h) => h.rule === 'PHONE')).toMatchObject({ level: 'MISSING', weight: 0, detail: expect.stringContaining('not counted') });
  });

  it('does not count a phone one typo away from an over-shared phone (a shop phone mistyped the same way)', () => {
    const over = config.identifierMaxAccounts + 1;
    // The two accounts share a rare phone and its deletion keys, one of which the shop phone's carriers share too.
    const typoOfShop = [{ kind: 'PHONE', accounts: 3 }, ...Array.from({ length: 10 }, () => ({ kind: 'PHONE~', accounts: 3 })), { kind: 'PHONE~', accounts: over }];
    const result = scoreMatch(person(null), person(null), typoOfShop, config);
    expect(result.decision).toBe('NO_MATCH');
    expect(result.hits.find((h) => h.rule === 'PHONE')).toMatchObject({ level: 'MISSING', weight: 0, detail: expect.stringContaining('one typo away') });
    // Two accounts of one person that both also carry the shop phone itself: their own phone still counts.
    const ownAndShop = [{ kind: 'PHONE', accounts: 2 }, { kind: 'PHONE', accounts: over }, { kind: 'PHONE~', accounts: over }];
    expect(scoreMatch(person(null), person(null), ownAndShop, config).hits.find((h) => h.rule === 'PHONE')).toMatchObject({ level: 'EXACT' });
  });

  it('counts different birth dates against a shared phone: a review, not a link', () => {
    const result = scoreMatch(person('A', '1990-01-01'), person('B', '1991-02-02'), [{ kind: 'PHONE', accounts: 2 }], config);
    expect(result.decision).toBe('REVIEW');
    expect(result.hits.find((h) => h.rule === 'BIRTH_DATE')!.weight).toBeLessThan(0);
  });

  it('weighs agreeing on a common name less than on a rare one (term frequency)', () => {
    const model = { ...config.model, m: { ...config.model.m, NAME: { EXACT: 0.8 } }, u: { ...config.model.u, NAME: { EXACT: 0.001 } }, names: { 'wang wei': 0.01 }, rareShare: 0.0001 };
    const common = scoreMatch(person('Wang Wei'), person('wei wang'), [], { ...config, model }).hits.find((h) => h.rule === 'NAME')!;
    const rare = scoreMatch(person('Ouyang Xiu'), person('Ouyang Xiu'), [], { ...config, model }).hits.find((h) => h.rule === 'NAME')!;
    expect(common.tfAdjustment).toBeCloseTo(Math.log2(0.001 / 0.01), 3);
    expect(rare.tfAdjustment).toBeCloseTo(Math.log2(0.001 / 0.0001), 3);
    expect(rare.weight - common.weight).toBeCloseTo(Math.log2(100), 2);
  });

  it('maps the probability thresholds to match weights', () => {
    expect(weightAt(0.9)).toBeCloseTo(Math.log2(9), 6);
    expect(probability(weightAt(0.6))).toBeCloseTo(0.6, 9);
  });

  it('decides nothing for strangers', () => {
    const result = scoreMatch(person('Li Wei', '1990-01-01', 'Hangzhou'), person('Zhao Lei', null, 'Beijing'), [], config);
    expect(result.decision).toBe('NO_MATCH');
    expect(result.hits.every((h) => h.weight <= 0)).toBe(true);
  });
});

describe('a dense block of numbers (issue 32)', () => {
  /** A model where a phone a typo away weighs enough to link alone (as trained ones do on sparse numbers). */
  const trained = { ...config, model: { ...config.model, m: { ...config.model.m, PHONE: { ...config.model.m.PHONE, CLOSE: 0.5 } }, u: { ...config.model.u, PHONE: { ...config.model.u.PHONE, CLOSE: 0.0001 } } } };
  const phone = (name: string | null, birthDate: string | null = null) => ({ displayName: name, birthDate, city: null, kinds: ['PHONE'] });
  /** Two accounts on one phone in a block 80 % full: its subscriber digits' derived keys are each carried by ~50 accounts. */
  const samePhoneInBlock = [{ kind: 'PHONE', accounts: 2 }, ...Array.from({ length: 6 }, () => ({ kind: 'PHONE~', accounts: 2 })), ...[56, 55, 54, 59].map((accounts) => ({ kind: 'PHONE~', accounts }))];

  it('counts a shared phone whose derived keys a dense block crowds past the limit', () => {
    expect(identifierLevel('PHONE', phone(null), phone(null), samePhoneInBlock, 20)).toMatchObject({ level: 'EXACT', overShared: false });
    expect(scoreMatch(phone('Chen Jing'), phone('chen jing'), samePhoneInBlock, config).decision).toBe('LINK');
  });

  it('weighs a phone one digit away by the crowd on the derived key the two accounts share', () => {
    const close = (accounts: number) => scoreMatch(phone('Wang Wei'), phone('Wang Wei'), [{ kind: 'PHONE~', accounts }], config).hits.find((h) => h.rule === 'PHONE')!;
    expect(close(3)).toMatchObject({ level: 'CLOSE', weight: 2.161 });
    expect(close(13).weight).toBeCloseTo(2.161 - Math.log2(12 / 3), 3);
    expect(close(13).detail).toContain('among 12 other accounts one typo away');
    // Past IDENTIFIER_MAX_ACCOUNTS the key is too crowded to weigh at all, but settleNeighbours still sees a phone a typo away.
    expect(close(56)).toMatchObject({ level: 'MISSING', weight: 0, typoAway: true });
  });

  it('links a lone phone a typo away only with corroboration when strangers crowd its key, and never reviews it alone there', () => {
    // Every number of a dense block has dozens of neighbours a typo away: alone, one of them is nobody in particular.
    expect(scoreMatch(phone(null), phone('Zhao Min'), [{ kind: 'PHONE~', accounts: 13 }], trained).decision).toBe('NO_MATCH');
    expect(scoreMatch(phone(null, '1990-01-02'), phone('Zhao Min', '1990-01-02'), [{ kind: 'PHONE~', accounts: 13 }], trained).decision).toBe('LINK');
    expect(scoreMatch(phone(null), phone('Zhao Min'), [{ kind: 'PHONE~', accounts: 3 }], trained).decision).toBe('LINK');
  });

  it('reads two numbers a typo apart that each holder verified as two numbers, not one mistyped', () => {
    const both = [{ kind: 'PHONE~', accounts: 3, verified: true, theirs: true }];
    expect(identifierLevel('PHONE', phone(null), phone(null), both, 20)).toMatchObject({ level: 'DIFFERENT', twoNumbers: true });
    expect(scoreMatch(phone('Wang Wei'), phone('Wang Wei'), both, trained).hits.find((h) => h.rule === 'PHONE')).toMatchObject({ level: 'DIFFERENT' });
    // One side unverified: it may be the mistyped one.
    expect(identifierLevel('PHONE', phone(null), phone(null), [{ kind: 'PHONE~', accounts: 3, verified: true, theirs: false }], 20)).toMatchObject({ level: 'CLOSE' });
  });

  it('needs corroboration for the same number not verified by both where strangers crowd its neighbours', () => {
    const shared = (verified: boolean, theirs: boolean) => samePhoneInBlock.map((s) => ({ ...s, verified, theirs }));
    expect(identifierLevel('PHONE', phone(null), phone(null), shared(true, false), 20)).toMatchObject({ level: 'EXACT', unproven: true });
    expect(identifierLevel('PHONE', phone(null), phone(null), shared(true, true), 20).unproven).toBeUndefined();
    // No name on one side: a neighbour's number mistyped onto this one is as likely as the holder's own: review.
    expect(scoreMatch(phone(null), phone('Zhao Min'), shared(true, false), config).decision).toBe('REVIEW');
    expect(scoreMatch(phone(null), phone('Zhao Min'), shared(true, false), config).hits.find((h) => h.rule === 'PHONE')!.detail).toContain('not verified by both');
    // Verified by both holders: the number reached each of them, it is theirs.
    expect(scoreMatch(phone(null), phone('Zhao Min'), shared(true, true), config).decision).toBe('LINK');
    // The name agreeing corroborates it.
    expect(scoreMatch(phone('Zhao Min'), phone('zhao min'), shared(false, false), config).decision).toBe('LINK');
    // Where the neighbours are not crowded (sparse numbers), the same number links alone as before.
    expect(scoreMatch(phone(null), phone('Zhao Min'), [{ kind: 'PHONE', accounts: 2 }, { kind: 'PHONE~', accounts: 2 }], config).decision).toBe('LINK');
  });

  it('does not review two strangers whose phones are one digit apart and whose names differ', () => {
    // The example: "Wang Wei" on TAOBAO and "Zhao Min" on ELEME, no other evidence, even where numbers are sparse.
    expect(scoreMatch(phone('Wang Wei'), phone('Zhao Min'), [{ kind: 'PHONE~', accounts: 3 }], config).decision).toBe('NO_MATCH');
    // With no name to disagree, a phone one digit away is still worth a look, but never a link on its own.
    expect(scoreMatch(phone(null), phone('Zhao Min'), [{ kind: 'PHONE~', accounts: 2 }, { kind: 'EMAIL~', accounts: 2 }], config).decision).toBe('LINK');
    expect(scoreMatch(phone(null), phone('Zhao Min'), [{ kind: 'PHONE~', accounts: 2 }], config).decision).toBe('REVIEW');
  });

  it('does not link a shared phone when the names differ: in a dense block a mistyped phone is a stranger\'s own', () => {
    expect(scoreMatch(phone('Chen Jing'), phone('Zhao Min'), samePhoneInBlock, config).decision).toBe('NO_MATCH');
  });

  it('links the one candidate a digit away that carries the name, and reviews when two do', () => {
    const owner = { id: 'owner', score: scoreMatch(phone('Chen Jing', '1990-01-02'), phone('chen jing'), [{ kind: 'PHONE~', accounts: 50 }], config) };
    const stranger = { id: 'stranger', score: scoreMatch(phone('Chen Jing', '1990-01-02'), phone('Zhao Min'), samePhoneInBlock, config) };
    const neighbour = { id: 'neighbour', score: scoreMatch(phone('Chen Jing', '1990-01-02'), phone('Li Na'), [{ kind: 'PHONE~', accounts: 50 }], config) };
    expect(owner.score.decision).toBe('REVIEW');
    const settled = settleNeighbours([owner, stranger, neighbour]);
    expect(settled.map((s) => [s.id, s.score.decision])).toEqual([['owner', 'LINK'], ['stranger', 'NO_MATCH'], ['neighbour', 'NO_MATCH']]);
    const namesake = { id: 'namesake', score: scoreMatch(phone('Chen Jing', '1990-01-02'), phone('Chen Jing'), [{ kind: 'PHONE~', accounts: 50 }], config) };
    expect(settleNeighbours([owner, namesake, stranger]).map((s) => s.score.decision)).toEqual(['REVIEW', 'REVIEW', 'NO_MATCH']);
    // A different birth date keeps it in review.
    const born = { id: 'born', score: scoreMatch(phone('Chen Jing', '1990-01-02'), phone('Chen Jing', '1971-05-06'), [{ kind: 'PHONE~', accounts: 3 }], config) };
    expect(settleNeighbours([born])[0].score.decision).not.toBe('LINK');
  });
});

describe('withMemberProfile', () => {
  const subject = person('Tann Tianyang', '1953-05-12', 'Chongqing');
  it("fills what the candidate lacks from the member's account that agrees best", () => {
    const candidate = person(null, '1953-05-12', null);
    const completed = withMemberProfile(subject, candidate, [person('Li Na'), person('Tan Tianyang', null, 'Chongqing'), person('Tan Tianyang')], config);
    expect(completed).toEqual(person('Tan Tianyang', '1953-05-12', 'Chongqing'));
    expect(scoreMatch(subject, completed, [], config).score).toBeGreaterThan(scoreMatch(subject, candidate, [], config).score);
  });
  it('never replaces a value the candidate has, nor fills one with a value that disagrees', () => {
    const candidate = person('Tan Tianyang', null, 'Beijing');
    const completed = withMemberProfile(subject, candidate, [person(null, '1971-01-01', 'Chongqing')], config);
    expect(completed).toEqual(candidate);
    expect(withMemberProfile(subject, person(null), [person('Zhao Lei', '1953-05-13')], config)).toEqual(person(null, '1953-05-13'));
    expect(withMemberProfile(subject, person(null), [], config)).toEqual(person(null));
  });
});

describe('merge rules', () => {
  const member = (id: string, apps: Record<string, number>, createdAt: string, avoid: string[] = []): LockedMember => ({
    id,
    createdAt: new Date(createdAt),
    apps: new Map(Object.entries(apps)),
    accounts: Object.values(apps).reduce((a, b) => a + b, 0),
    avoid: new Set(avoid),
  });

  it('keeps the member with most accounts, then the oldest', () => {
    const a = member('a', { TAOBAO: 1 }, '2020-01-01');
    const b = member('b', { TAOBAO: 1, ELEME: 1 }, '2021-01-01');
    const c = member('c', { YOUKU: 2 }, '2019-01-01');
    expect(chooseSurvivor([a, b, c]).id).toBe('c');
    expect(chooseSurvivor([a, b]).id).toBe('b');
  });

  it('refuses a join that breaks a do-not-link fact or the per-app limit', () => {
    const a = member('a', { TAOBAO: 2 }, '2020-01-01');
    const b = member('b', { TAOBAO: 1 }, '2020-01-01', ['a']);
    const c = member('c', { TAOBAO: 1 }, '2020-01-01');
    expect(joinRefusal([a], b, null, 3)).toBe('DO_NOT_LINK');
    expect(joinRefusal([a], c, null, 3)).toBeNull();
    expect(joinRefusal([a], c, 'TAOBAO', 3)).toBe('APP_LIMIT');
  });
});
