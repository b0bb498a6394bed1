import { loadConfig } from '../../src/app/config';
import { generateAccounts } from '../../src/bench/people.generate';
import { inMemoryAccounts } from '../../src/bench/quality.memory';
import { blockingKeys, trainingOnlyKeys } from '../../src/identity/matching.blocking';
import { levelWeight, upgradeModel } from '../../src/identity/matching.model';
import { scoreMatch } from '../../src/identity/matching.rules';
import { trainModel } from '../../src/identity/matching.training';

const config = loadConfig({}).matching;
const accounts = inMemoryAccounts(generateAccounts({ people: 600, seed: 'train-test', prefix: 'tt', noise: 1 }));
const keys = (a: (typeof accounts)[number], degree: (hash: string) => number) => blockingKeys(a, degree, config.identifierMaxAccounts);
const options = { randomPairs: 60_000, iterations: 20, seed: 7, maxTermFrequencies: 1000, now: new Date('2026-12-01T00:00:00Z') };

describe('trainModel (EM, unsupervised)', () => {
  const model = trainModel(accounts, config, config.model, keys, options);

  it('learns that agreeing is evidence for and disagreeing against, from the starting model', () => {
    for (const rule of ['ID_DOCUMENT', 'PHONE', 'EMAIL', 'NAME', 'BIRTH_DATE'] as const) {
      expect([rule, levelWeight(model, rule, 'EXACT') > 3]).toEqual([rule, true]);
      expect([rule, levelWeight(model, rule, 'DIFFERENT') < 0]).toEqual([rule, true]);
      expect([rule, levelWeight(model, rule, 'EXACT') > levelWeight(config.model, rule, 'EXACT')]).toEqual([rule, true]);
    }
    expect(levelWeight(model, 'BIRTH_DATE', 'CLOSE')).toBeGreaterThan(0);
    expect(levelWeight(model, 'BIRTH_DATE', 'CLOSE')).toBeLessThan(levelWeight(model, 'BIRTH_DATE', 'EXACT'));
    // Two accounts taken at random are almost never one person.
    expect(model.priorWeight).toBeLessThan(-5);
    expect(model.trainedAt).toBe('2026-12-01T00:00:00.000Z');
  });

  it('learns a name a typo apart as stronger evidence than a name only similar, and weighs a model without SIMILAR as its CLOSE', () => {
    expect(levelWeight(model, 'NAME', 'CLOSE')).toBeGreaterThan(levelWeight(model, 'NAME', 'SIMILAR') + 1);
    expect(levelWeight(model, 'NAME', 'SIMILAR')).toBeGreaterThan(0);
    const { SIMILAR: _m, ...mName } = model.m.NAME;
    const { SIMILAR: _u, ...uName } = model.u.NAME;
    const older = upgradeModel({ ...model, m: { ...model.m, NAME: mName }, u: { ...model.u, NAME: uName } });
    expect(levelWeight(older, 'NAME', 'SIMILAR')).toBe(levelWeight(model, 'NAME', 'CLOSE'));
    expect(upgradeModel(model)).toBe(model);
  });

  it('is repeatable: the same accounts and seed give the same model', () => {
    expect(trainModel(accounts, config, config.model, keys, options)).toEqual(model);
  });

  it('weighs a shared birth date the same whichever random pairs it drew (u counted over all pairs)', () => {
    const weights = [7, 8, 9].map((seed) => levelWeight(trainModel(accounts, config, config.model, keys, { ...options, seed }), 'BIRTH_DATE', 'EXACT'));
    expect(Math.max(...weights) - Math.min(...weights)).toBeLessThan(0.2);
  });

  it('counts names and cities, so common ones weigh less', () => {
    const shares = Object.values(model.names);
    expect(shares.length).toBeGreaterThan(10);
    expect(Math.min(...shares)).toBeGreaterThanOrEqual(model.rareShare);
    expect(Object.keys(model.cities).length).toBeGreaterThan(10);
    const [common] = Object.entries(model.names).sort((a, b) => b[1] - a[1])[0];
    const trained = { ...config, model };
    const weightOf = (name: string) => scoreMatch({ displayName: name, birthDate: null, city: null }, { displayName: name, birthDate: null, city: null }, [], trained).hits.find((h) => h.rule === 'NAME')!;
    expect(weightOf(common).tfAdjustment).toBeLessThan(weightOf('Ouyang Zhuoxuan').tfAdjustment);
  });

  it('links a lone shared phone but not a shop phone with a stranger\'s birth date and name', () => {
    const trained = { ...config, model };
    const lone = scoreMatch({ displayName: null, birthDate: null, city: null, kinds: ['PHONE'] }, { displayName: null, birthDate: null, city: null, kinds: ['PHONE'] }, [{ kind: 'PHONE', accounts: 2 }], trained);
    expect(lone.decision).toBe('LINK');
    const strangers = scoreMatch(
      { displayName: 'Li Wei', birthDate: '1990-01-01', city: 'Beijing', kinds: ['PHONE'] },
      { displayName: 'Zhao Lei', birthDate: '1975-06-30', city: 'Beijing', kinds: ['PHONE'] },
      [{ kind: 'PHONE', accounts: 9 }],
      trained,
    );
    expect(strangers.decision).not.toBe('LINK');
  });

  it('weighs the city of a pair sharing a device against households, not random strangers', () => {
    // Strangers who share a device are a household, in one city: among them the city agrees far more often.
    expect(model.uSharedDevice?.CITY?.EXACT).toBeGreaterThan(5 * model.u.CITY.EXACT!);
    const city = model.cities && Object.keys(model.cities)[0];
    const account = (displayName: string | null) => ({ displayName, birthDate: null, city, kinds: ['DEVICE_ID'] });
    const tablet = [{ kind: 'DEVICE_ID', accounts: 4 }];
    const independent = { ...config, model: { ...model, uSharedDevice: undefined } };
    const household = { ...config, model };
    // Device and city alone: two family members on the home tablet. Counted as independent, the city adds its full
    // weight on top of the device's.
    const family = scoreMatch(account(null), account(null), tablet, household);
    expect(family.decision).toBe('NO_MATCH');
    expect(family.hits.find((h) => h.rule === 'CITY')).toMatchObject({ level: 'EXACT', tfAdjustment: 0, detail: expect.stringContaining('household') });
    const counted = scoreMatch(account(null), account(null), tablet, independent);
    expect(counted.decision).not.toBe('NO_MATCH');
    expect(counted.matchWeight).toBeGreaterThan(family.matchWeight + 2);
    // Siblings on the home tablet: a close name (a shared surname) weighs as among household strangers, for whom it is
    // common, and adds less than it would between random strangers.
    const sibling = (name: string) => ({ displayName: name, birthDate: null, city: null, kinds: ['DEVICE_ID'] });
    const close = scoreMatch(sibling('Wang Wei'), sibling('Wang Wen'), tablet, household).hits.find((h) => h.rule === 'NAME')!;
    expect(close).toMatchObject({ level: 'CLOSE', detail: expect.stringContaining('household') });
    expect(close.weight).toBeLessThan(levelWeight(model, 'NAME', 'CLOSE'));
    // One person on their device with their name still links.
    expect(scoreMatch(account('Ouyang Zhuoxuan'), account('Ouyang Zhuoxuan'), tablet, household).decision).toBe('LINK');
  });

  it('keeps a lone shared identifier as decisive when the population grows (u counted over all pairs, not sampled)', () => {
    // Four times the people: the prior falls by about two bits (four times as many strangers per true pair). The u of
    // a shared identifier must fall with it, as it does in truth, or a lone shared phone slides from LINK to REVIEW.
    const larger = inMemoryAccounts(generateAccounts({ people: 2400, seed: 'train-test', prefix: 'tt', noise: 1 }));
    const grown = trainModel(larger, config, config.model, keys, options);
    expect(grown.priorWeight).toBeLessThan(model.priorWeight - 1.5);
    for (const rule of ['PHONE', 'EMAIL', 'ID_DOCUMENT', 'PAYMENT_ID'] as const) {
      const net = (m: typeof model) => m.priorWeight + levelWeight(m, rule, 'EXACT');
      expect([rule, net(grown)]).toEqual([rule, expect.any(Number)]);
      expect([rule, net(grown) > net(model) - 0.75]).toEqual([rule, true]);
      expect([rule, net(grown) > 3.17]).toEqual([rule, true]);
    }
  });
});

describe('m of the identifiers, learnt over blocks wider than matching reads', () => {
  it('estimates how often one person\'s accounts carry different phones near the truth of the pairs it learns from', () => {
    const people = generateAccounts({ people: 2000, seed: 'train-m', prefix: 'tm', noise: 1 });
    const memory = inMemoryAccounts(people);
    const model = trainModel(memory, config, config.model, (a, d) => blockingKeys(a, d, config.identifierMaxAccounts), options);
    // The truth: among one person's pairs of accounts that share a profile block or a training-only key (not found
    // through an identifier) and both carry a phone, the share whose phones differ (no phone or typo key in common).
    const profileKeys = (a: (typeof memory)[number]) => [...blockingKeys(a, () => 0, config.identifierMaxAccounts).filter((k) => !k.startsWith('id:')), ...trainingOnlyKeys(a)];
    // A phone and its typo keys: two accounts with none in common have different phones (not one typo apart).
    const phones = (a: (typeof memory)[number]) => new Set(a.identifiers.filter((i) => i.kind === 'PHONE' || i.kind === 'PHONE~').map((i) => i.hash));
    const blocks = new Map<string, number[]>();
    memory.forEach((a, i) => profileKeys(a).forEach((k) => blocks.set(k, [...(blocks.get(k) ?? []), i])));
    const seen = new Set<number>();
    let withPhones = 0;
    let different = 0;
    for (const block of blocks.values()) {
      for (const i of block) {
        for (const j of block) {
          if (j <= i || seen.has(i * memory.length + j) || people[i].personId !== people[j].personId) continue;
          seen.add(i * memory.length + j);
          if (!memory[i].identifiers.some((x) => x.kind === 'PHONE') || !memory[j].identifiers.some((x) => x.kind === 'PHONE')) continue;
          const [a, b] = [phones(memory[i]), phones(memory[j])];
          withPhones++;
          if (![...a].some((h) => b.has(h))) different++;
        }
      }
    }
    expect(withPhones).toBeGreaterThan(100);
    const truth = different / withPhones;
    expect(truth).toBeGreaterThan(0.1);
    expect(Math.abs(model.m.PHONE.DIFFERENT! - truth)).toBeLessThan(0.1);
  });

  it('are the name initials with the whole birth year, which matching never reads', () => {
    expect(trainingOnlyKeys({ displayName: 'Wang Wei', birthDate: '1990-03-07' })).toEqual(['INITIALS_YEAR:ww\u00001990']);
    expect(trainingOnlyKeys({ displayName: 'Wang Wei', birthDate: null })).toEqual([]);
    expect(blockingKeys({ displayName: 'Wang Wei', birthDate: '1990-03-07', city: null, identifiers: [] }, () => 0, 20).some((k) => k.startsWith('INITIALS_YEAR'))).toBe(false);
  });
});
