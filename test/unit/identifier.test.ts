import { IdentifierKind } from '../../src/identity/identifier.kind';
import { hashIdentifier } from '../../src/identity/identifier.hash';
import { maskIdentifier } from '../../src/identity/identifier.mask';
import { normalizeIdentifier } from '../../src/identity/identifier.normalize';

const { PHONE, EMAIL, DEVICE_ID, PAYMENT_ID, ID_DOCUMENT } = IdentifierKind;

describe('normalizeIdentifier', () => {
  it.each(['13812341234', '+86 138 1234 1234', '138-1234-1234', '0086 13812341234', ' (+86) 13812341234 '])(
    'writes the mainland phone %p as E.164',
    (raw) => expect(normalizeIdentifier(PHONE, raw)).toBe('+8613812341234'),
  );

  it('keeps a foreign country code', () => {
    expect(normalizeIdentifier(PHONE, '+1 415 555 2671')).toBe('+14155552671');
  });

  it('trims and lower-cases emails', () => {
    expect(normalizeIdentifier(EMAIL, '  Li.Wei@Example.COM ')).toBe('li.wei@example.com');
  });

  it('trims ids and upper-cases ID documents', () => {
    expect(normalizeIdentifier(DEVICE_ID, '  dev-AbC ')).toBe('dev-AbC');
    expect(normalizeIdentifier(ID_DOCUMENT, '11010519491231002x')).toBe('11010519491231002X');
  });

  it.each([
    [PHONE, '12345'],
    [PHONE, 'call me'],
    [EMAIL, 'li.wei@'],
    [PAYMENT_ID, '   '],
    [DEVICE_ID, 'x'.repeat(300)],
  ])('refuses %s %p with INVALID_IDENTIFIER', (kind, raw) => {
    expect(() => normalizeIdentifier(kind, raw)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'INVALID_IDENTIFIER' }) }));
  });
});

describe('maskIdentifier', () => {
  it('shows the first three and last four digits of a phone', () => {
    expect(maskIdentifier(PHONE, '+8613812341234')).toBe('138****1234');
  });
  it('shows the first letter and the domain of an email', () => {
    expect(maskIdentifier(EMAIL, 'li.wei@example.com')).toBe('l***@example.com');
  });
  it('shows only the last four characters of other ids', () => {
    expect(maskIdentifier(ID_DOCUMENT, '11010519491231002X')).toBe('********002X');
    expect(maskIdentifier(PAYMENT_ID, 'PAY')).toBe('***');
  });
});

describe('hashIdentifier', () => {
  it('depends on the key, the kind and the value', () => {
    const h = hashIdentifier('k'.repeat(16), PHONE, '+8613812341234');
    expect(h).toBe(hashIdentifier('k'.repeat(16), PHONE, '+8613812341234'));
    expect(h).not.toBe(hashIdentifier('j'.repeat(16), PHONE, '+8613812341234'));
    expect(h).not.toBe(hashIdentifier('k'.repeat(16), DEVICE_ID, '+8613812341234'));
    expect(h).not.toContain('13812341234');
  });
});
