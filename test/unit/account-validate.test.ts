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

  it('refuses more than 50 identifiers', () => {
    const identifiers = Array.from({ length: 51 }, (_, i) => ({ kind: IdentifierKind.DEVICE_ID, value: `d${i}` }));
    expect(() => prepareAccount({ app: 'TAOBAO', externalId: 'x', identifiers }, KEY)).toThrow(/at most 50/);
  });
});
