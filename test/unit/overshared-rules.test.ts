import { loadConfig } from '../../src/app/config';
import { MatchDecision } from '../../src/identity/matching.rules';
import { MemberAccount, reexamineMember } from '../../src/identity/overshared.rules';

const config = loadConfig({ IDENTIFIER_MAX_ACCOUNTS: '20' }).matching;
const SHOP = 'shop-phone';
let clock = 0;

/** An account of one member; `ids` are [hash, kind, carried by] (the shop phone by 30 accounts: over-shared). */
function account(id: string, ids: [string, string, number][], profile: Partial<MemberAccount> = {}): MemberAccount {
  return {
    id,
    app: 'TAOBAO',
    externalId: id,
    displayName: null,
    birthDate: null,
    city: null,
    method: 'DETERMINISTIC',
    linkedAt: new Date(Date.UTC(2026, 0, 1, 0, clock++)),
    identifiers: ids.map(([hash, kind, accounts]) => ({ hash, kind, accounts })),
    ...profile,
  };
}
const shop: [string, string, number] = [SHOP, 'PHONE', 30];

describe('reexamineMember', () => {
  it('keeps the largest group still linked without the identifier, and detaches the groups only it joined', () => {
    const accounts = [
      account('a1', [shop, ['mail-a', 'EMAIL', 2]]),
      account('a2', [shop, ['mail-a', 'EMAIL', 2]]),
      account('b1', [shop]),
      account('c1', [shop, ['doc-c', 'ID_DOCUMENT', 3]]),
      account('c2', [['doc-c', 'ID_DOCUMENT', 3]]),
      account('c3', [['doc-c', 'ID_DOCUMENT', 3]]),
    ];
    const result = reexamineMember(accounts, SHOP, config);
    // C has three accounts still linked by the ID document: C keeps the member, A and B leave.
    expect(result.stays.sort()).toEqual(['c1', 'c2', 'c3']);
    expect(result.parts.map((p) => [p.accountIds.sort().join(' '), p.decision, p.subjectId])).toEqual([
      ['a1 a2', MatchDecision.NO_MATCH, 'a1'],
      ['b1', MatchDecision.NO_MATCH, 'b1'],
    ]);
  });

  it('keeps a group whose remaining evidence still reaches review, with that pair as the review', () => {
    const zhang = { displayName: 'Zhang Wei', birthDate: '1990-01-02', city: 'Hangzhou' };
    const result = reexamineMember([account('a1', [shop], zhang), account('e1', [shop], zhang)], SHOP, config);
    expect(result.stays).toEqual(['a1']);
    expect(result.parts).toHaveLength(1);
    expect(result.parts[0]).toMatchObject({ accountIds: ['e1'], decision: MatchDecision.REVIEW, subjectId: 'e1', candidateId: 'a1' });
  });

  it('never detaches what an operator or the person linked, nor groups that do not carry the identifier', () => {
    const accounts = [
      account('a1', [shop, ['mail-a', 'EMAIL', 2]]),
      account('a2', [['mail-a', 'EMAIL', 2]]),
      account('a3', [['mail-a', 'EMAIL', 2]]),
      account('m1', [shop], { method: 'USER_ASSERTED' }),
      account('x1', [['own', 'PAYMENT_ID', 1]], { method: 'MANUAL' }),
      account('n1', [['dev', 'DEVICE_ID', 2]]),
    ];
    const result = reexamineMember(accounts, SHOP, config);
    // The person's and the operator's links form the group that stays, though A's is larger; A leaves; n1 carries
    // no shop phone, so its link did not rest on it and it is left where it is.
    expect(result.stays.sort()).toEqual(['m1', 'x1']);
    expect(result.parts.map((p) => p.accountIds.sort().join(' '))).toEqual(['a1 a2 a3']);
  });

  it('finds nothing to do when the identifier still counts, or in a member of one account', () => {
    const own: [string, string, number] = ['own-phone', 'PHONE', 2];
    expect(reexamineMember([account('p1', [own]), account('p2', [own])], 'own-phone', config).parts).toEqual([]);
    expect(reexamineMember([account('p1', [shop])], SHOP, config)).toEqual({ stays: ['p1'], parts: [] });
  });
});
