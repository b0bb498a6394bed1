import neo4j from 'neo4j-driver';
import { EstimateCache, parameterShape } from '../../src/platform/neo4j/estimate.cache';

describe('parameterShape (what the planner sees of parameters)', () => {
  it('ignores values and keeps kinds, nulls and list size classes', () => {
    expect(parameterShape({ brandId: 'brand-a', from: '2026-01-01' }).shape).toBe(parameterShape({ from: '2025-03-03', brandId: 'brand-b' }).shape);
    expect(parameterShape({ after: null }).shape).not.toBe(parameterShape({ after: 'm-1' }).shape);
    expect(parameterShape({ ids: ['a', 'b', 'c'] }).shape).toBe(parameterShape({ ids: ['x', 'y', 'z', 'w'] }).shape);
    expect(parameterShape({ ids: ['a', 'b'] }).shape).not.toBe(parameterShape({ ids: ['a', 'b', 'c'] }).shape);
    expect(parameterShape({ ids: Array(100).fill('a') }).shape).not.toBe(parameterShape({ ids: Array(10).fill('a') }).shape);
    expect(parameterShape({ first: neo4j.int(10) }).shape).not.toBe(parameterShape({ first: 10 }).shape);
    expect(parameterShape({ rows: [{ a: 1 }] }).shape).not.toBe(parameterShape({ rows: [{ b: 1 }] }).shape);
    expect(parameterShape({ ids: ['a', 'b', 'c'], tags: [] }).lengths).toEqual([3, 0]);
  });
});

describe('EstimateCache', () => {
  let now = 0;
  const cache = (ttl = 1000, max = 10) => new EstimateCache(ttl, max, () => now);

  beforeEach(() => (now = 1_000_000));

  it('answers a statement planned with parameters of the same shape, whatever their values', () => {
    const c = cache();
    c.set('MATCH', { brandId: 'a' }, 42);
    expect(c.get('MATCH', { brandId: 'b' })).toBe(42);
    expect(c.get('MATCH', { brandId: null })).toBeUndefined();
    expect(c.get('MATCH ', { brandId: 'b' })).toBeUndefined();
  });

  it('plans again a longer list than the one it has an estimate for, even within its size class, and keeps the longer', () => {
    const c = cache();
    c.set('S', { ids: ['a', 'b', 'c'] }, 30);
    expect(c.get('S', { ids: ['x', 'y'] })).toBeUndefined(); // another size class
    expect(c.get('S', { ids: ['x', 'y', 'z'] })).toBe(30);
    expect(c.get('S', { ids: ['x', 'y', 'z', 'w'] })).toBeUndefined();
    c.set('S', { ids: ['x', 'y', 'z', 'w'] }, 40);
    expect(c.get('S', { ids: ['x', 'y', 'z'] })).toBe(40);
  });

  it('forgets an estimate after its time to live, and keeps none when the time to live is 0', () => {
    const c = cache(1000);
    c.set('S', {}, 1);
    now += 1000;
    expect(c.get('S', {})).toBe(1);
    now += 1;
    expect(c.get('S', {})).toBeUndefined();
    const never = cache(0);
    never.set('S', {}, 1);
    expect(never.get('S', {})).toBeUndefined();
  });

  it('holds at most its bound of entries, dropping the oldest first', () => {
    const c = cache(1000, 2);
    c.set('A', {}, 1);
    c.set('B', {}, 2);
    c.set('C', {}, 3);
    expect(c.size).toBe(2);
    expect(c.get('A', {})).toBeUndefined();
    expect(c.get('C', {})).toBe(3);
  });
});
