import { generateAccounts } from '../../src/bench/people.generate';
import { birthDateVariant, digitTypo, emptyNoiseCounts, nickname } from '../../src/bench/people.noise';
import { Prng } from '../../src/bench/prng';

describe('generator noise', () => {
  const options = { people: 300, seed: 'noise-test', prefix: 'nt' };

  it('is deterministic by seed and leaves people, accounts and truth as without noise', () => {
    const clean = generateAccounts(options);
    const first = generateAccounts({ ...options, noise: 1 });
    const again = generateAccounts({ ...options, noise: 1 });
    expect(first).toEqual(again);
    expect(first.map((a) => [a.input.externalId, a.personId, a.pattern])).toEqual(clean.map((a) => [a.input.externalId, a.personId, a.pattern]));
    expect(first).not.toEqual(clean);
  });

  it('changes every kind of field at the noise level asked for', () => {
    const counts = emptyNoiseCounts();
    generateAccounts({ ...options, people: 2000, noise: 1, noiseCounts: counts });
    for (const [field, n] of Object.entries(counts)) expect([field, n > 10]).toEqual([field, true]);
    const none = emptyNoiseCounts();
    generateAccounts({ ...options, noise: 0, noiseCounts: none });
    expect(Object.values(none).every((n) => n === 0)).toBe(true);
  });

  it('makes one-digit mistakes, swapped dates and nicknames', () => {
    const prng = new Prng(1);
    for (let i = 0; i < 50; i++) {
      const out = digitTypo(prng, '310101199003074512');
      expect(out).toHaveLength(18);
      expect([...out].filter((ch, k) => ch !== '310101199003074512'[k]).length).toBeGreaterThanOrEqual(1);
      expect([...out].filter((ch, k) => ch !== '310101199003074512'[k]).length).toBeLessThanOrEqual(2);
    }
    expect(birthDateVariant(new Prng(2), '1990-03-07')).toMatch(/^1990-\d\d-\d\d$/);
    expect(birthDateVariant(new Prng(2), '1990-03-07')).not.toBe('1990-03-07');
    expect(nickname(new Prng(3), 'Wang Weiming')).not.toBe('Wang Weiming');
  });
});
