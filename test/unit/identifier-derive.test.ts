import { prepareAccount } from '../../src/identity/account.validate';
import { derivedKeys } from '../../src/identity/identifier.derive';
import { IdentifierKind } from '../../src/identity/identifier.kind';
import { normalizeIdentifier } from '../../src/identity/identifier.normalize';

const keys = (kind: IdentifierKind, raw: string) => new Set(derivedKeys(kind, normalizeIdentifier(kind, raw)));
const share = (a: Set<string>, b: Set<string>) => [...a].some((k) => b.has(k));

describe('derived keys', () => {
  it('let a phone or ID number with one wrong or swapped digit share a key, and unrelated ones not', () => {
    expect(share(keys(IdentifierKind.PHONE, '13812345678'), keys(IdentifierKind.PHONE, '13812395678'))).toBe(true);
    expect(share(keys(IdentifierKind.PHONE, '13812345678'), keys(IdentifierKind.PHONE, '+86 138 1234 5687'))).toBe(true);
    expect(share(keys(IdentifierKind.PHONE, '13812345678'), keys(IdentifierKind.PHONE, '13987654321'))).toBe(false);
    expect(share(keys(IdentifierKind.ID_DOCUMENT, '310101199003074512'), keys(IdentifierKind.ID_DOCUMENT, '310101199030074512'))).toBe(true);
    expect(share(keys(IdentifierKind.ID_DOCUMENT, '310101199003074512'), keys(IdentifierKind.ID_DOCUMENT, '440103198511223344'))).toBe(false);
    expect(keys(IdentifierKind.PHONE, '13812345678').size).toBe(11);
  });

  it('fold an email\'s dots and +tag', () => {
    expect(keys(IdentifierKind.EMAIL, 'Wei.Ming+shop@qq.com')).toEqual(new Set(['weiming@qq.com']));
    expect(share(keys(IdentifierKind.EMAIL, 'wei.ming@qq.com'), keys(IdentifierKind.EMAIL, 'weiming+news@qq.com'))).toBe(true);
    expect(keys(IdentifierKind.PAYMENT_ID, '2088123412341234').size).toBe(0);
  });

  it('are stored only as keyed hashes of their own kind, with no mask', () => {
    const account = prepareAccount({ app: 'TAOBAO', externalId: 'x', identifiers: [{ kind: IdentifierKind.PHONE, value: '13812345678' }] }, 'k'.repeat(32));
    const derived = account.identifiers.filter((i) => i.kind === 'PHONE~');
    expect(derived).toHaveLength(11);
    for (const i of derived) {
      expect(i.masked).toBe('');
      expect(i.hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(i.hash.includes('1381234')).toBe(false);
    }
    expect(account.identifiers.filter((i) => i.kind === 'PHONE')).toHaveLength(1);
  });
});
