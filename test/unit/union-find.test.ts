import { UnionFind } from '../../src/identity/union.find';

describe('UnionFind', () => {
  it('keeps the survivor the caller names as the root, through chains of merges', () => {
    const uf = new UnionFind();
    expect(uf.find('a')).toBe('a');
    expect(uf.union('b', 'a')).toBe('b');
    expect(uf.union('c', 'b')).toBe('c');
    expect(uf.find('a')).toBe('c');
    expect(uf.union('a', 'd')).toBe('c');
    expect(uf.find('d')).toBe('c');
    expect(uf.isMerged('a')).toBe(true);
    expect(uf.isMerged('c')).toBe(false);
    expect(uf.connected('a', 'd')).toBe(true);
    expect(uf.connected('a', 'e')).toBe(false);
  });

  it('is a no-op for keys already in one set, and stays flat on long chains', () => {
    const uf = new UnionFind();
    uf.union('x', 'y');
    expect(uf.union('y', 'x')).toBe('x');
    for (let i = 1; i < 100_000; i++) uf.union(`k${i}`, `k${i - 1}`);
    expect(uf.find('k0')).toBe('k99999');
    expect(uf.find('k0')).toBe('k99999');
  });
});
