import 'reflect-metadata';
import { ingestAccount, ingestBatch } from '../../src/identity/ingest.service';
import { IdentifierKind } from '../../src/identity/identifier.kind';
import { findCandidates } from '../../src/identity/matching.repository';
import { MatchDecision } from '../../src/identity/matching.rules';
import { prepareAccount } from '../../src/identity/account.validate';
import { Database } from '../../src/platform/neo4j/database';
import { Named, statement, statementFolder } from '../../src/platform/neo4j/cypher';
import { inline } from '../support/graph';
import { residentId, startTestApi, TestApi, testConfig, unique, uniqueCity, uniquePhone, untilStartupRefreshEnds } from '../support/api';

let api: TestApi;
let db: Database;
beforeAll(async () => {
  api = await startTestApi();
  db = api.db;
  // A test counts statements: the start-up similarity refresh must not run beside it.
  await untilStartupRefreshEnds(api);
}, 150_000);
afterAll(() => api.stop());

const config = testConfig();

/** A name no other test uses, of two words, so that its initials are known: "Q<x> Z<y>" has initials "qz". */
const rareName = (): string => `Qa${unique('').slice(1, 7)} Zo${unique('').slice(1, 7)}`;
/** A birth date in the 1900s no other test is likely to pick, as YYYY-MM-DD with day and month both at most 12. */
const rareDate = (): string => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `19${pad(Math.floor(Math.random() * 100))}-${pad(1 + Math.floor(Math.random() * 12))}-${pad(1 + Math.floor(Math.random() * 12))}`;
};

async function candidatesOf(accountId: string): Promise<string[]> {
  const set = await db.read((tx) => findCandidates(tx, accountId, config.matching));
  return set.candidates.map((c) => c.accountId);
}

describe('blocking beyond (birth date, city)', () => {
  it('finds an account of the same name and birth date whose city moved (the DATE block), in both planners', async () => {
    const name = rareName();
    const birthDate = rareDate();
    const first = await ingestAccount(db, config, { app: 'TAOBAO', externalId: unique(), displayName: name, birthDate, city: uniqueCity(), identifiers: [] });
    const moved = await ingestAccount(db, config, { app: 'ELEME', externalId: unique(), displayName: name, birthDate, city: uniqueCity(), identifiers: [] });
    expect(await candidatesOf(moved.account.id)).toContain(first.account.id);
    expect(moved.decision).not.toBe(MatchDecision.NO_MATCH);
    // The import's planner finds it too, and decides the same.
    const batchName = rareName();
    const [, batchMoved] = await ingestBatch(db, config, [
      { app: 'TAOBAO', externalId: unique(), displayName: batchName, birthDate, city: uniqueCity(), identifiers: [] },
      { app: 'ELEME', externalId: unique(), displayName: batchName, birthDate, city: uniqueCity(), identifiers: [] },
    ]);
    expect(batchMoved.decision).toBe(moved.decision);
    // The block is the birth date and the first letter: another first name of that letter is in it, a mistyped
    // first letter or no name at all is not (the import's planner keys it the same: matching-blocking.test).
    const sameLetter = await ingestAccount(db, config, { app: 'YOUKU', externalId: unique(), displayName: `${name.split(' ')[0]} Zz`, birthDate, identifiers: [] });
    expect(await candidatesOf(sameLetter.account.id)).toContain(first.account.id);
    const misspelt = await ingestAccount(db, config, { app: 'YOUKU', externalId: unique(), displayName: `X${name.slice(1)}`, birthDate, identifiers: [] });
    expect(await candidatesOf(misspelt.account.id)).not.toContain(first.account.id);
    const nameless = await ingestAccount(db, config, { app: 'AMAP', externalId: unique(), birthDate, identifiers: [] });
    expect(await candidatesOf(nameless.account.id)).not.toContain(first.account.id);
    // Another date is not.
    const other = await ingestAccount(db, config, { app: 'KOUBEI', externalId: unique(), displayName: name, birthDate: rareDate(), identifiers: [] });
    expect(await candidatesOf(other.account.id)).not.toContain(first.account.id);
  });

  it('finds an account with the name in the other order, day and month swapped and another city (the INITIALS block)', async () => {
    const [given, family] = rareName().split(' ');
    const birthDate = rareDate();
    const [year, month, day] = birthDate.split('-');
    const first = await ingestAccount(db, config, { app: 'TAOBAO', externalId: unique(), displayName: `${given} ${family}`, birthDate, city: uniqueCity(), identifiers: [] });
    const swapped = await ingestAccount(db, config, {
      app: 'FLIGGY',
      externalId: unique(),
      displayName: `${family.toUpperCase()} ${given}`,
      birthDate: `${year}-${day}-${month}`,
      city: uniqueCity(),
      identifiers: [],
    });
    expect(await candidatesOf(swapped.account.id)).toContain(first.account.id);
    // Another birth year is another block.
    const older = await ingestAccount(db, config, {
      app: 'YOUKU',
      externalId: unique(),
      displayName: `${family} ${given}`,
      birthDate: `${Number(year) === 1900 ? 1999 : Number(year) - 1}-${day}-${month}`,
      city: uniqueCity(),
      identifiers: [],
    });
    expect(await candidatesOf(older.account.id)).not.toContain(first.account.id);
  });

  it('reads a day or a month mistyped in the INITIALS block but not a date whose day and month both differ, and the import decides as one by one', async () => {
    const name = rareName();
    const [year, month, day] = rareDate().split('-');
    const otherMonth = String(((Number(month) + 2) % 12) + 1).padStart(2, '0');
    const otherDay = String(((Number(day) + 4) % 28) + 1).padStart(2, '0');
    const dates = { dayTypo: `${year}-${month}-${otherDay}`, monthTypo: `${year}-${otherMonth}-${day}`, both: `${year}-${otherMonth}-${otherDay}` };
    const account = (birthDate: string) => ({ app: 'TAOBAO', externalId: unique(), displayName: name, birthDate, city: uniqueCity(), identifiers: [] });
    const first = await ingestAccount(db, config, account(`${year}-${month}-${day}`));
    const found: Record<string, boolean> = {};
    const decisions: MatchDecision[] = [];
    for (const [slip, birthDate] of Object.entries(dates)) {
      const later = await ingestAccount(db, config, { ...account(birthDate), app: 'ELEME' });
      found[slip] = (await candidatesOf(later.account.id)).includes(first.account.id);
      decisions.push(later.decision);
    }
    expect(found).toEqual({ dayTypo: true, monthTypo: true, both: false });
    // The import's planner reads the same block for the batch's own accounts and decides as one by one. Its name has
    // other initials ("xy") and its dates another year, so that no block brings it the accounts above.
    const batchName = `Xa${unique('').slice(1, 7)} Yo${unique('').slice(1, 7)}`;
    const otherYear = String(Number(year) === 1999 ? 1998 : Number(year) + 1);
    const batchDates = [`${year}-${month}-${day}`, ...Object.values(dates)].map((d) => `${otherYear}${d.slice(4)}`);
    const batch = await ingestBatch(db, config, batchDates.map((birthDate, i) => ({ ...account(birthDate), app: i ? 'ELEME' : 'TAOBAO', displayName: batchName })));
    expect(batch.map((o) => o.decision)).toEqual([first.decision, ...decisions]);
  });

  it('finds an account that gives no birth date by the one its resident ID number carries, in both planners', async () => {
    const name = rareName();
    const birthDate = rareDate();
    const city = uniqueCity();
    const withId = await ingestAccount(db, config, { app: 'ALIPAY', externalId: unique(), displayName: name, city, identifiers: [{ kind: IdentifierKind.ID_DOCUMENT, value: residentId(birthDate) }] });
    // A name with a typo, the birth date and the city, and nothing else: only a birth-date block can find it.
    const typo = `${name.slice(0, 3)}${name[4]}${name[3]}${name.slice(5)}`;
    const later = await ingestAccount(db, config, { app: 'ELEME', externalId: unique(), displayName: typo, birthDate, city, identifiers: [] });
    expect(await candidatesOf(later.account.id)).toContain(withId.account.id);
    const valid = residentId(birthDate);
    const mistyped = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const [batchWithId, batchLater] = await ingestBatch(db, config, [
      { app: 'ALIPAY', externalId: unique(), displayName: name, city: uniqueCity(), identifiers: [{ kind: IdentifierKind.ID_DOCUMENT, value: residentId(birthDate) }] },
      { app: 'ELEME', externalId: unique(), displayName: typo, birthDate, city, identifiers: [] },
    ]);
    expect(await candidatesOf(batchLater.account.id)).toEqual(expect.arrayContaining([withId.account.id, batchWithId.account.id]));
    // A number whose check character does not hold gives no date: the account is in no birth-date block.
    const unchecked = await ingestAccount(db, config, { app: 'ALIPAY', externalId: unique(), displayName: name, city, identifiers: [{ kind: IdentifierKind.ID_DOCUMENT, value: mistyped }] });
    const stored = await db.readOne(inline('test/birth-date-of', 'MATCH (a:Account {id: $id}) RETURN a.birthDate AS birthDate'), { id: unchecked.account.id });
    expect(stored).toEqual([{ birthDate: null }]);
  });

  it('stores name initials that the migration would compute the same way', async () => {
    const done = await ingestAccount(db, config, { app: 'TAOBAO', externalId: unique(), displayName: '  Wang  xiao Ming ', identifiers: [] });
    const [row] = await db.readOne(
      {
        name: 'test/initials',
        text: `MATCH (a:Account {id: $id})
               RETURN a.nameInitials AS stored,
                      reduce(s = '', x IN COLLECT { UNWIND split(toLower(a.displayName), ' ') AS w WITH w WHERE w <> '' RETURN left(w, 1) AS x ORDER BY x } | s + x) AS migrated`,
      },
      { id: done.account.id },
    );
    expect(row.stored).toBe('mwx');
    expect(row.migrated).toBe(row.stored);
  });
});

describe('the upsert decides in memory from the candidates it read', () => {
  it('gives a new account whose only candidate is a stranger a typo away a member of its own in two statements, with one LINKED change', async () => {
    const phone = uniquePhone();
    const neighbour = phone.slice(0, -1) + String((Number(phone.slice(-1)) + 1) % 10);
    const stranger = await ingestAccount(db, config, { app: 'TAOBAO', externalId: unique(), displayName: rareName(), birthDate: rareDate(), identifiers: [{ kind: IdentifierKind.PHONE, value: phone }] });
    const before = db.statementsRun;
    const mine = await ingestAccount(db, config, { app: 'ELEME', externalId: unique(), displayName: rareName(), birthDate: rareDate(), identifiers: [{ kind: IdentifierKind.PHONE, value: neighbour }] });
    expect(db.statementsRun - before).toBe(2);
    expect(await candidatesOf(mine.account.id)).toContain(stranger.account.id);
    expect(mine.decision).toBe(MatchDecision.NO_MATCH);
    expect(mine.memberId).not.toBe(stranger.memberId);
    expect(mine.account).toMatchObject({ memberId: mine.memberId, link: { rules: ['NEW_MEMBER'] } });
    const [row] = await db.readOne(
      { name: 'test/changes-of', text: `MATCH (c:IdentityChange {memberId: $id}) RETURN collect(c.kind) AS kinds, collect(c.accounts) AS accounts` },
      { id: mine.memberId },
    );
    expect(row.kinds).toEqual(['LINKED']);
    expect(row.accounts).toEqual([[mine.account.externalId]]);
  });

  it('still matches through the full path when a candidate reaches review: a typo-phone with the same name and birth date', async () => {
    const phone = uniquePhone();
    const neighbour = phone.slice(0, 3) + phone[4] + phone[3] + phone.slice(5);
    const name = rareName();
    const birthDate = rareDate();
    const first = await ingestAccount(db, config, { app: 'TAOBAO', externalId: unique(), displayName: name, birthDate, identifiers: [{ kind: IdentifierKind.PHONE, value: phone }] });
    const second = await ingestAccount(db, config, { app: 'ELEME', externalId: unique(), displayName: name, birthDate, identifiers: [{ kind: IdentifierKind.PHONE, value: neighbour }] });
    expect(second.decision).not.toBe(MatchDecision.NO_MATCH);
    if (second.decision === MatchDecision.LINK) expect(second.memberId).toBe(first.memberId);
    else expect(second.memberId).not.toBe(first.memberId);
  });
});

describe('identifiers taken past the limit', () => {
  it('are named by the upsert that takes them past IDENTIFIER_MAX_ACCOUNTS, re-examined after its commit, and not again', async () => {
    const limited = testConfig({ IDENTIFIER_MAX_ACCOUNTS: '3' });
    const shop = uniquePhone();
    const prepared = prepareAccount({ app: 'TAOBAO', externalId: 'x', identifiers: [{ kind: IdentifierKind.PHONE, value: shop }] }, limited.identifierHashKey);
    const phoneHash = prepared.identifiers.find((i) => i.kind === 'PHONE')!.hash;
    const named: string[][] = [];
    for (const app of ['TAOBAO', 'ELEME', 'YOUKU', 'FLIGGY', 'AMAP']) {
      const outcome = await ingestAccount(db, limited, { app, externalId: unique(), displayName: rareName(), birthDate: rareDate(), identifiers: [{ kind: IdentifierKind.PHONE, value: shop }] });
      named.push(outcome.overShared);
    }
    // The phone is named once, by the fourth upsert, first (derived keys follow it; another suite's phone a typo away
    // could take one of them past the limit earlier, so they are not counted here).
    expect(named.map((n) => n.includes(phoneHash))).toEqual([false, false, false, true, false]);
    expect(named[3][0]).toBe(phoneHash);
    expect(named[3].every((h) => prepared.identifiers.some((i) => i.hash === h))).toBe(true);
    const [row] = await db.readOne(inline('test/reexamined', 'MATCH (i:Identifier {hash: $hash}) RETURN i.reexaminedAt IS NOT NULL AS done'), { hash: phoneHash });
    expect(row.done).toBe(true);
  });

  it('are left pending for identity:reexamine with OVERSHARED_REEXAMINE_AFTER_INGEST=false', async () => {
    const off = testConfig({ IDENTIFIER_MAX_ACCOUNTS: '3', OVERSHARED_REEXAMINE_AFTER_INGEST: 'false' });
    const shop = uniquePhone();
    let last: string[] = [];
    for (const app of ['TAOBAO', 'ELEME', 'YOUKU', 'FLIGGY', 'AMAP']) {
      last = (await ingestAccount(db, off, { app, externalId: unique(), displayName: rareName(), identifiers: [{ kind: IdentifierKind.PHONE, value: shop }] })).overShared;
    }
    // Still named by the fifth upsert: nothing re-examined them.
    expect(last.length).toBeGreaterThan(0);
    const [row] = await db.readOne(inline('test/pending', 'MATCH (i:Identifier) WHERE i.hash IN $hashes RETURN count(i.reexaminedAt) AS done'), { hashes: last });
    expect(row.done).toBe(0);
  });
});

describe('identity-change offsets per app', () => {
  it('lets a new member of one app commit while another app\'s change is uncommitted, and numbers each app on its own', async () => {
    const taobao = await ingestAccount(db, config, { app: 'TAOBAO', externalId: unique(), identifiers: [] });
    const session = db.driver.session({ database: config.neo4j.database });
    const open = await session.beginTransaction();
    try {
      // An uncommitted TAOBAO change holds TAOBAO's counter.
      await open.run(statement('identity/append-changes', ['changes']).text, {
        changes: [{ kind: 'LINKED', memberId: taobao.memberId, accountIds: [taobao.account.id], mergedMemberIds: [], fromMemberIds: [] }],
      });
      const lastOf = async (app: string) => Number((await db.readOne(statement<Named<'app'>>('identity/last-change-offset', ['app']), { app }))[0].last);
      const before = await lastOf('ELEME');
      const eleme = await Promise.race([
        ingestAccount(db, config, { app: 'ELEME', externalId: unique(), identifiers: [] }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('an ELEME write waited for a TAOBAO change')), 15_000)),
      ]);
      const [row] = await db.readOne(
        { name: 'test/offset-of', text: `MATCH (c:IdentityChange {memberId: $id}) RETURN c.app AS app, c.offset AS offset` },
        { id: eleme.memberId },
      );
      expect(row.app).toBe('ELEME');
      // Numbered by ELEME's counter (other suites may write ELEME changes meanwhile, hence a range).
      expect(row.offset).toBeGreaterThan(before);
      expect(row.offset).toBeLessThanOrEqual(await lastOf('ELEME'));
    } finally {
      await open.rollback();
      await session.close();
    }
  });
});

describe('migration 077', () => {
  it('starts each app\'s counter where the single counter of earlier versions stopped, and leaves existing ones', async () => {
    // Two apps of the test's own: one without a counter, one whose counter exists (no other suite writes to them).
    const fresh = unique('APP').toUpperCase();
    const counted = unique('APP').toUpperCase();
    const migration = statementFolder('schema').find((s) => s.name.endsWith('077-change-sequence-per-app'))!;
    // Every app of the shared test graph gets its counter first, at 0 as its first change would: the migration below
    // must start only the new app's counter at the old one's value, not those of apps other suites write to.
    await db.writeOne(inline('test/app-sequences', `MATCH (a:App) MERGE (s:ChangeSequence {name: 'identity:' + a.code}) ON CREATE SET s.last = 0`), {});
    await db.writeOne(
      inline('test/legacy-sequence', `MERGE (l:ChangeSequence {name: 'identity'}) SET l.last = 12345 MERGE (:App {code: $fresh}) MERGE (:App {code: $counted}) MERGE (:ChangeSequence {name: 'identity:' + $counted, last: 7})`),
      { fresh, counted },
    );
    try {
      await db.writeOne(migration, {});
      const rows = await db.readOne(inline('test/sequences', `MATCH (s:ChangeSequence) WHERE s.name IN ['identity:' + $fresh, 'identity:' + $counted] RETURN s.name AS name, s.last AS last ORDER BY s.last`), { fresh, counted });
      expect(rows).toEqual([
        { name: `identity:${counted}`, last: 7 },
        { name: `identity:${fresh}`, last: 12345 },
      ]);
    } finally {
      await db.writeOne(
        inline('test/drop-legacy', `MATCH (s:ChangeSequence) WHERE s.name IN ['identity', 'identity:' + $fresh, 'identity:' + $counted] DELETE s WITH count(*) AS n MATCH (a:App) WHERE a.code IN [$fresh, $counted] DELETE a`),
        { fresh, counted },
      );
    }
  });
});
