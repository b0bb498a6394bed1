import { prepareAccount } from '../../src/identity/account.validate';
import { IdentifierKind } from '../../src/identity/identifier.kind';

const KEY = 'unit-test-key-0123456789';

describe('prepareAccount', () => {
  it('keeps only hash and mask of each identifier, once per distinct value', () => {
    const out = prepareAccount(
      {
        app: 'TAOBAO', externalId: ' tb-1 ', displayName: '  Li Wei ', birthDate: '1990-04-12', city: '',
        identifiers: [
          { kind: IdentifierKind.PHONE, value: '13812341234' },
          { kind: IdentifierKind.PHONE, value: '+86 138 1234 1234' },
        ],
      },
      KEY,
    );
    expect(out).toMatchObject({ externalId: 'tb-1', displayName: 'Li Wei', birthDate: '1990-04-12', city: null });
    const phones = out.identifiers.filter((i) => i.kind === 'PHONE');
    expect(phones).toHaveLength(1);
    expect(Object.keys(phones[0]).sort()).toEqual(['hash', 'kind', 'masked']);
    // Its derived keys (one per deleted digit, distinct: "1381234123" twice) come once each, hashed, unmasked.
    expect(out.identifiers.filter((i) => i.kind === 'PHONE~').length).toBe(new Set(out.identifiers.filter((i) => i.kind === 'PHONE~').map((i) => i.hash)).size);
    expect(out.identifiers.every((i) => i.kind === 'PHONE' || (i.kind === 'PHONE~' && i.masked === ''))).toBe(true);
    expect(JSON.stringify(out)).not.toContain('13812341234');
  });

  it.each(['1990-13-01', '90-04-12', '2999-01-01', '1890-01-01'])('refuses the birth date %p', (birthDate) => {
    expect(() => prepareAccount({ app: 'TAOBAO', externalId: 'x', birthDate, identifiers: [] }, KEY)).toThrow(/birthDate/);
  });

  describe('the birth date of a resident ID number', () => {
    // 11010519491231002X: region 110105, born 1949-12-31, sequence 002, check character X (GB 11643's example).
    const id = (value: string) => ({ kind: IdentifierKind.ID_DOCUMENT, value });

    it('is the birth date of an account that gives none', () => {
      const out = prepareAccount({ app: 'ALIPAY', externalId: 'x', identifiers: [id('11010519491231002x')] }, KEY);
      expect(out.birthDate).toBe('1949-12-31');
      expect(JSON.stringify(out)).not.toContain('11010519491231002');
    });

    it('yields to a birth date the app gives', () => {
      expect(prepareAccount({ app: 'ALIPAY', externalId: 'x', birthDate: '1950-01-01', identifiers: [id('11010519491231002X')] }, KEY).birthDate).toBe('1950-01-01');
    });

    it.each([
      ['a wrong digit', '11010519491231003X'],
      ['two neighbours swapped', '11010519491231020X'],
      ['a date that does not exist', '110105194902300020'],
      ['a passport number', 'E12345678'],
    ])('is none for %s', (_, value) => {
      expect(prepareAccount({ app: 'ALIPAY', externalId: 'x', identifiers: [id(value)] }, KEY).birthDate).toBeNull();
    });
  });

  it('refuses more than 50 identifiers', () => {
    const identifiers = Array.from({ length: 51 }, (_, i) => ({ kind: IdentifierKind.DEVICE_ID, value: `d${i}` }));
    expect(() => prepareAccount({ app: 'TAOBAO', externalId: 'x', identifiers }, KEY)).toThrow(/at most 50/);
  });
});
