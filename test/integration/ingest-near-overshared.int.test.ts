import 'reflect-metadata';
import { DatabaseHandle, openDatabase } from '../../src/app/app';
import { AccountInput } from '../../src/identity/account.input';
import { IdentifierKind } from '../../src/identity/identifier.kind';
import { ingestAccount, ingestBatch } from '../../src/identity/ingest.service';
import { deleteAccountsByPrefix } from '../support/graph';
import { testConfig, unique, uniquePhone } from '../support/api';

// A low limit, so that a shop phone is over-shared after five accounts.
const config = testConfig({ IDENTIFIER_MAX_ACCOUNTS: '4', OVERSHARED_REEXAMINE_AFTER_INGEST: 'false' });
const prefix = unique('nos');
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openDatabase(config);
});
afterAll(async () => {
  await handle.db.writeOne(deleteAccountsByPrefix, { prefix });
  await handle.close();
});

const account = (app: string, name: string, phone: string): AccountInput => ({ app, externalId: `${prefix}-${name}`, identifiers: [{ kind: IdentifierKind.PHONE, value: phone }] });
/** The phone with its last digit changed: one typo away, still a valid number. */
const typoOf = (phone: string): string => phone.slice(0, -1) + String((Number(phone.slice(-1)) + 1) % 10);

async function shopWithCarriers(name: string): Promise<string> {
  const shop = uniquePhone();
  for (let i = 0; i < 5; i++) await ingestAccount(handle.db, config, account('ELEME', `${name}-carrier-${i}`, shop));
  return shop;
}

describe('a phone one typo away from an over-shared phone', () => {
  it('does not link two strangers who carry the same mistyped shop phone, one account at a time', async () => {
    const shop = await shopWithCarriers('single');
    const first = await ingestAccount(handle.db, config, account('TAOBAO', 'single-a', typoOf(shop)));
    const second = await ingestAccount(handle.db, config, account('YOUKU', 'single-b', typoOf(shop)));
    expect(second.decision).toBe('NO_MATCH');
    expect(second.memberId).not.toBe(first.memberId);
    // The same two accounts on a phone nowhere near an over-shared one link, as a lone shared phone does.
    const own = uniquePhone();
    const third = await ingestAccount(handle.db, config, account('TAOBAO', 'single-c', own));
    const fourth = await ingestAccount(handle.db, config, account('YOUKU', 'single-d', own));
    expect(fourth.decision).toBe('LINK');
    expect(fourth.memberId).toBe(third.memberId);
  }, 120_000);

  it('decides the same in a batch', async () => {
    const shop = await shopWithCarriers('batch');
    const own = uniquePhone();
    const outcomes = await ingestBatch(handle.db, config, [
      account('TAOBAO', 'batch-a', typoOf(shop)),
      account('YOUKU', 'batch-b', typoOf(shop)),
      account('TAOBAO', 'batch-c', own),
      account('YOUKU', 'batch-d', own),
    ]);
    expect(outcomes.map((o) => o.decision)).toEqual(['NO_MATCH', 'NO_MATCH', 'NO_MATCH', 'LINK']);
    expect(outcomes[1].memberId).not.toBe(outcomes[0].memberId);
    expect(outcomes[3].memberId).toBe(outcomes[2].memberId);
  }, 120_000);
});
