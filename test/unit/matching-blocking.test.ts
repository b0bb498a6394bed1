import { BlockKind, blockingKeys, nameInitials, profileBlocks } from '../../src/identity/matching.blocking';

describe('name initials', () => {
  it('are the sorted first letters of the words, lower-cased, so order, case and later typos do not change them', () => {
    expect(nameInitials('Wang Wei')).toBe('ww');
    expect(nameInitials('Zhang Xiaoming')).toBe('xz');
    expect(nameInitials('xiaoming ZHANG')).toBe('xz');
    expect(nameInitials('Zhang Xiaomnig')).toBe('xz');
    expect(nameInitials('  Li   Na ')).toBe('ln');
    expect(nameInitials('王伟')).toBe('王');
    expect(nameInitials('')).toBeNull();
    expect(nameInitials('   ')).toBeNull();
    expect(nameInitials(null)).toBeNull();
  });
});

describe('probabilistic blocks', () => {
  it('put a moved city, a mistyped first letter and a missing name in the DATE block, a swapped day and month in the INITIALS block', () => {
    type Profile = { displayName: string | null; birthDate: string; city: string | null };
    const first: Profile = { displayName: 'Zhang Xiaoming', birthDate: '1990-03-07', city: 'Hangzhou' };
    const moved = { ...first, city: 'Shanghai' };
    const swapped: Profile = { displayName: 'xiaoming zhang', birthDate: '1990-07-03', city: 'Beijing' };
    const keys = (p: Profile) => new Map(profileBlocks(p).map((b) => [b.kind, b.key]));
    expect(keys(moved).get(BlockKind.CITY)).not.toBe(keys(first).get(BlockKind.CITY));
    expect(keys(moved).get(BlockKind.DATE)).toBe(keys(first).get(BlockKind.DATE));
    expect(keys(swapped).get(BlockKind.DATE)).not.toBe(keys(first).get(BlockKind.DATE));
    expect(keys(swapped).get(BlockKind.INITIALS)).toBe(keys(first).get(BlockKind.INITIALS));
    const misspelt = { ...first, displayName: 'Xhang Xiaoming', city: null };
    expect(keys(misspelt).get(BlockKind.DATE)).toBe(keys(first).get(BlockKind.DATE));
    expect(keys(misspelt).get(BlockKind.INITIALS)).not.toBe(keys(first).get(BlockKind.INITIALS));
    expect(keys({ displayName: null, birthDate: first.birthDate, city: null }).get(BlockKind.DATE)).toBe(keys(first).get(BlockKind.DATE));
  });

  it('need a birth date; the city and the name each add their blocks', () => {
    expect(profileBlocks({ displayName: 'Li Na', birthDate: null, city: 'Suzhou' })).toEqual([]);
    expect(profileBlocks({ displayName: null, birthDate: '1990-01-01', city: 'Suzhou' }).map((b) => b.kind)).toEqual([BlockKind.CITY, BlockKind.DATE]);
    expect(profileBlocks({ displayName: 'Li Na', birthDate: '1990-01-01', city: null }).map((b) => b.kind)).toEqual([BlockKind.DATE, BlockKind.INITIALS]);
  });

  it('are blocking keys next to every identifier not over-shared', () => {
    const account = { displayName: 'Li Na', birthDate: '1990-01-01', city: 'Suzhou', identifiers: [{ hash: 'h1', kind: 'PHONE' }, { hash: 'h2', kind: 'PHONE~' }, { hash: 'shop', kind: 'PHONE' }] };
    const keys = blockingKeys(account, (h) => (h === 'shop' ? 100 : 2), 5);
    expect(keys.filter((k) => k.startsWith('id:'))).toEqual(['id:h1', 'id:h2']);
    expect(keys.filter((k) => !k.startsWith('id:'))).toHaveLength(3);
  });
});
