import { loadConfig } from '../../src/app/config';
import { isDeterministic, nameSimilarity, scoreMatch } from '../../src/identity/matching.rules';
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

describe('scoreMatch', () => {
  it('links on a strong identifier', () => {
    const result = scoreMatch(person(null), person(null), [{ kind: 'PHONE', accounts: 2 }], config);
    expect(result).toMatchObject({ decision: 'LINK', score: config.weights.PHONE });
    expect(isDeterministic(result.hits)).toBe(true);
  });

  it('never links on a device alone, however high its weight is set', () => {
    const heavy = { ...config, weights: { ...config.weights, DEVICE_ID: 0.99 } };
    const result = scoreMatch(person(null), person(null), [{ kind: 'DEVICE_ID', accounts: 3 }], heavy);
    expect(result.decision).toBe('NO_MATCH');
    expect(result.hits).toEqual([{ rule: 'DEVICE_ID', weight: 0.99, detail: expect.stringContaining('weak') }]);
  });

  it('does not count an identifier carried by more accounts than the limit', () => {
    const result = scoreMatch(person(null), person(null), [{ kind: 'PHONE', accounts: config.identifierMaxAccounts + 1 }], config);
    expect(result).toMatchObject({ decision: 'NO_MATCH', score: 0 });
    expect(result.hits[0]).toMatchObject({ rule: 'PHONE', weight: 0 });
  });

  it('turns a strong link into a review when the birth dates contradict it', () => {
    const result = scoreMatch(person('A', '1990-01-01'), person('B', '1991-02-02'), [{ kind: 'PHONE', accounts: 2 }], config);
    expect(result.decision).toBe('REVIEW');
    expect(result.hits).toContainEqual(expect.objectContaining({ rule: 'BIRTH_DATE', weight: 0 }));
  });

  it('combines weights as independent evidence and sends a typo-name profile match to review', () => {
    const result = scoreMatch(person('Wang Fang', '1986-09-30', 'Shanghai'), person('Wang Fnag', '1986-09-30', 'shanghai'), [], config);
    const expected = 1 - result.hits.reduce((p, h) => p * (1 - h.weight), 1);
    expect(result.score).toBeCloseTo(expected, 3);
    expect(result.decision).toBe('REVIEW');
    expect(isDeterministic(result.hits)).toBe(false);
  });

  it('counts one hit per identifier kind, the least shared one', () => {
    const result = scoreMatch(person(null), person(null), [{ kind: 'EMAIL', accounts: 500 }, { kind: 'EMAIL', accounts: 2 }], config);
    expect(result.hits).toEqual([{ rule: 'EMAIL', weight: config.weights.EMAIL, detail: 'same EMAIL on both accounts' }]);
  });

  it('reports nothing for strangers', () => {
    expect(scoreMatch(person('Li Wei', '1990-01-01', 'Hangzhou'), person('Zhao Lei', null, 'Beijing'), [], config)).toEqual({ decision: 'NO_MATCH', score: 0, hits: [] });
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
