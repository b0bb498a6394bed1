import { TextCache } from '../../src/platform/http/text.cache';

describe('TextCache (parsed and persisted query texts)', () => {
  const cache = () => new TextCache<string>(10, (key) => key.length);

  it('answers what was stored under a text', () => {
    const c = cache();
    c.set('abc', 'A');
    expect(c.get('abc')).toBe('A');
    expect(c.get('abd')).toBeUndefined();
  });

  it('never holds more characters than its bound, dropping the least recently used first', () => {
    const c = cache();
    c.set('aaaa', 'A');
    c.set('bbbb', 'B');
    expect(c.get('aaaa')).toBe('A'); // now bbbb is the oldest
    c.set('cccc', 'C');
    expect(c.get('bbbb')).toBeUndefined();
    expect(c.get('aaaa')).toBe('A');
    expect(c.get('cccc')).toBe('C');
  });

  it('refuses a text larger than the whole cache instead of emptying it', () => {
    const c = cache();
    c.set('aaaa', 'A');
    c.set('x'.repeat(11), 'X');
    expect(c.get('x'.repeat(11))).toBeUndefined();
    expect(c.get('aaaa')).toBe('A');
  });
});
