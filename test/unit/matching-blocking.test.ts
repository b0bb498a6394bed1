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
  it('put a moved city in the DATE block, not a mistyped first letter or a missing name; a swapped day and month in the INITIALS block', () => {
    type Profile = { displayName: string | null; birthDate: string; city: string | null };
    const first: Profile = { displayName: 'Zhang Xiaoming', birthDate: '1990-03-07', city: 'Hangzhou' };
    const moved = { ...first, city: 'Shanghai' };
    const swapped: Profile = { displayName: 'xiaoming zhang', birthDate: '1990-07-03', city: 'Beijing' };
    const shared = (a: Profile, b: Profile, kind: BlockKind): boolean => {
      const keysOf = (p: Profile) => profileBlocks(p).find((x) => x.kind === kind)?.keys ?? [];
      return keysOf(a).some((k) => keysOf(b).includes(k));
    };
    expect(shared(moved, first, BlockKind.CITY)).toBe(false);
    expect(shared(moved, first, BlockKind.DATE)).toBe(true);
    expect(shared(swapped, first, BlockKind.DATE)).toBe(false);
    expect(shared(swapped, first, BlockKind.INITIALS)).toBe(true);
    const misspelt = { ...first, displayName: 'Xhang Xiaoming', city: null };
    expect(shared(misspelt, first, BlockKind.DATE)).toBe(false);
    expect(shared(misspelt, first, BlockKind.INITIALS)).toBe(false);
    expect(shared({ displayName: null, birthDate: first.birthDate, city: null }, first, BlockKind.DATE)).toBe(false);
    expect(shared({ ...moved, displayName: 'zhang wei' }, first, BlockKind.DATE)).toBe(true);
  });

  it('put two dates in one INITIALS block exactly when one is in the other\'s month, on its day or its day and month swapped, in the same year', () => {
    // The dates match-candidates.cypher reads for a subject, written out independently of the keys.
    const near = (date: string): Set<string> => {
      const [y, m, d] = date.split('-');
      const pad = (n: number) => String(n).padStart(2, '0');
      const all = [...Array.from({ length: 31 }, (_, i) => `${y}-${m}-${pad(i + 1)}`), ...Array.from({ length: 12 }, (_, i) => `${y}-${pad(i + 1)}-${d}`), `${y}-${d}-${m}`];
      return new Set(all);
    };
    const keysOf = (birthDate: string) => profileBlocks({ displayName: 'Li Na', birthDate, city: null }).find((b) => b.kind === BlockKind.INITIALS)!.keys;
    const dates: string[] = [];
    for (const y of ['1990', '1991']) for (const m of ['01', '03', '07', '12']) for (const d of ['01', '03', '07', '12', '28']) dates.push(`${y}-${m}-${d}`);
    let together = 0;
    for (const a of dates) {
      for (const b of dates) {
        const sharesKey = keysOf(a).some((k) => keysOf(b).includes(k));
        expect([a, b, sharesKey]).toEqual([a, b, near(a).has(b)]);
        if (sharesKey && a !== b) together++;
      }
    }
    expect(together).toBeGreaterThan(0);
    expect(keysOf('1990-03-07').some((k) => keysOf('1990-04-08').includes(k))).toBe(false);
  });

  it('need a birth date; the city and the name each add their blocks', () => {
    expect(profileBlocks({ displayName: 'Li Na', birthDate: null, city: 'Suzhou' })).toEqual([]);
    expect(profileBlocks({ displayName: null, birthDate: '1990-01-01', city: 'Suzhou' }).map((b) => b.kind)).toEqual([BlockKind.CITY]);
    expect(profileBlocks({ displayName: 'Li Na', birthDate: '1990-01-01', city: null }).map((b) => b.kind)).toEqual([BlockKind.DATE, BlockKind.INITIALS]);
  });

  it('are blocking keys next to every identifier not over-shared', () => {
    const account = { displayName: 'Li Na', birthDate: '1990-01-01', city: 'Suzhou', identifiers: [{ hash: 'h1', kind: 'PHONE' }, { hash: 'h2', kind: 'PHONE~' }, { hash: 'shop', kind: 'PHONE' }] };
    const keys = blockingKeys(account, (h) => (h === 'shop' ? 100 : 2), 5);
    expect(keys.filter((k) => k.startsWith('id:'))).toEqual(['id:h1', 'id:h2']);
    expect(keys.filter((k) => !k.startsWith('id:'))).toHaveLength(5);
  });
});
