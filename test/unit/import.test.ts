import { generateAccounts, GenerateOptions } from '../../src/bench/people.generate';
import { strongExactGroups } from '../../src/bench/quality.baseline';
import { pairMetrics } from '../../src/bench/quality.metrics';
import { parseAccount, parseAccountLine } from '../../src/importing/import.line';
import { createProgress } from '../../src/importing/import.progress';
import { isValidPhoneNumber } from 'libphonenumber-js/max';

const KEY = 'unit-test-hash-key-0123456789';

describe('parseAccountLine', () => {
  it('accepts an AccountInput line', () => {
    const line = '{"app":"TAOBAO","externalId":"u1","displayName":"Li Wei","identifiers":[{"kind":"PHONE","value":"13812341234"}]}';
    expect(parseAccountLine(line, KEY)).toMatchObject({ app: 'TAOBAO', externalId: 'u1' });
  });

  it('keeps an identifier the app verified, on the identifier and on its derived keys, and no other', () => {
    const line = '{"app":"TAOBAO","externalId":"u1","identifiers":[{"kind":"PHONE","value":"13812341234","verified":true},{"kind":"EMAIL","value":"a@b.cn"}]}';
    const { write } = parseAccount(line, KEY);
    const verified = write.identifiers.filter((i) => i.verified);
    expect(new Set(verified.map((i) => i.kind))).toEqual(new Set(['PHONE', 'PHONE~']));
    expect(verified.filter((i) => i.kind === 'PHONE~')).toHaveLength(write.identifiers.filter((i) => i.kind === 'PHONE~').length);
    expect(write.identifiers.filter((i) => i.kind.startsWith('EMAIL')).length).toBeGreaterThan(1);
  });

  it.each([
    ['{"app":', 'BAD_USER_INPUT', /not valid JSON/],
    ['[1,2]', 'BAD_USER_INPUT', /JSON object/],
    ['{"app":"TAOBAO","externalId":"u1","identifiers":[],"birthdate":"1990-01-01"}', 'BAD_USER_INPUT', /unknown field birthdate/],
    ['{"app":"TAOBAO","externalId":"u1"}', 'BAD_USER_INPUT', /identifiers must be a list/],
    ['{"app":"TAOBAO","externalId":"u1","identifiers":[{"kind":"SSN","value":"1"}]}', 'BAD_USER_INPUT', /kind must be one of/],
    ['{"app":"NOPE","externalId":"u1","identifiers":[]}', 'UNKNOWN_APP', /Unknown app/],
    ['{"app":"TAOBAO","externalId":"u1","identifiers":[{"kind":"EMAIL","value":"x"}]}', 'INVALID_IDENTIFIER', /EMAIL/],
    ['{"app":"TAOBAO","externalId":"u1","birthDate":"1990-02-30","identifiers":[]}', 'BAD_USER_INPUT', /birthDate/],
    ['{"app":"TAOBAO","externalId":"u1","identifiers":[{"kind":"PHONE","value":"13812341234","verified":"yes"}]}', 'BAD_USER_INPUT', /verified must be true or false/],
  ])('refuses %s with %s', (line, code, message) => {
    let caught: any;
    try {
      parseAccountLine(line, KEY);
    } catch (error) {
      caught = error;
    }
    expect(caught?.extensions?.code).toBe(code);
    expect(caught.message).toMatch(message);
  });
});

describe('createProgress', () => {
  it('redraws one bar on a TTY and prints plain lines every few seconds elsewhere', () => {
    let t = 0;
    const tty: string[] = [];
    const bar = createProgress({ label: 'import', totalBytes: 1000, stream: { isTTY: true, columns: 120, write: (s) => tty.push(s) }, now: () => t });
    t = 2000;
    bar.update({ bytesDone: 500, accounts: 100 });
    expect(tty[0]).toMatch(/^\rimport \[#+-+\]  50\.0% 500 B\/1000 B 100 accounts 50\/s ETA 00:02/);
    const plain: string[] = [];
    const start = 1_700_000_000_000;
    t = start;
    const log = createProgress({ label: 'import', totalBytes: 1000, stream: { write: (s) => plain.push(s) }, now: () => t });
    for (let s = 0; s <= 12; s++) {
      t = start + s * 1000;
      log.update({ bytesDone: s * 50, accounts: s * 10 });
    }
    log.done({ bytesDone: 1000, accounts: 120 });
    expect(plain.length).toBe(4);
    expect(plain.every((l) => !l.includes('\r') && l.endsWith('\n'))).toBe(true);
    expect(plain[3]).toMatch(/100\.0% .* 120 accounts 10\/s in 00:12/);
  });

  it('counts what the total counts when it is not bytes, and times only this run from a resumed start', () => {
    let t = 0;
    const lines: string[] = [];
    const bar = createProgress({ label: 'generate', totalBytes: 100_000, startBytes: 10_000, unit: 'members', stream: { write: (s) => lines.push(s) }, now: () => t });
    t = 10_000;
    bar.done({ bytesDone: 100_000, accounts: 370_000 });
    expect(lines[0]).toMatch(/^generate 100\.0% 100,000\/100,000 members 370,000 accounts 37,000\/s in 00:10/);
  });
});

describe('generated people', () => {
  const options: GenerateOptions = { people: 300, seed: 'unit', prefix: 'u' };

  it('are the same for the same seed and valid for upsertAccount', () => {
    const a = generateAccounts(options);
    expect(generateAccounts(options).map((x) => x.input)).toEqual(a.map((x) => x.input));
    for (const account of a) expect(() => parseAccountLine(JSON.stringify(account.input), KEY)).not.toThrow();
    const phones = a.flatMap((x) => x.input.identifiers.filter((i) => i.kind === 'PHONE').map((i) => i.value));
    expect(phones.every((p) => /^1[3-9]\d{9}$/.test(p) && isValidPhoneNumber(p, 'CN'))).toBe(true);
  });

  it('include the traps: shop phones on many people, household devices, name-typo accounts', () => {
    const accounts = generateAccounts({ ...options, people: 2000 });
    const onShopPhone = new Map<string, Set<string>>();
    for (const a of accounts) if (a.shopPhone) onShopPhone.set(a.shopPhone, (onShopPhone.get(a.shopPhone) ?? new Set()).add(a.personId));
    expect(Math.min(...[...onShopPhone.values()].map((s) => s.size))).toBeGreaterThan(40);
    const devicePeople = new Map<string, Set<string>>();
    for (const a of accounts) if (a.familyDevice) devicePeople.set(a.familyDevice, (devicePeople.get(a.familyDevice) ?? new Set()).add(a.personId));
    expect([...devicePeople.values()].some((s) => s.size > 1)).toBe(true);
    expect(accounts.filter((a) => a.pattern === 'NAME_TYPO').length).toBeGreaterThan(100);
  });

  it('score perfectly when grouped by the truth, and exact strong matching is fooled by shop phones', () => {
    const accounts = generateAccounts(options);
    expect(pairMetrics(accounts, (a) => a.personId)).toMatchObject({ precision: 1, recall: 1 });
    const naive = pairMetrics(accounts, strongExactGroups(accounts));
    expect(naive.precision).toBeLessThan(0.5);
    expect(naive.wrongPairs.shopPhone).toBeGreaterThan(0);
    // No person has more than 6 accounts, so an identifier on more is never one person's.
    expect(pairMetrics(accounts, strongExactGroups(accounts, 6)).precision).toBe(1);
  });
});
