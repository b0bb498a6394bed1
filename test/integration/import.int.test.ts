import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseHandle, openDatabase } from '../../src/app/app';
import { accountKey, GeneratedAccount, generateAccounts, GenerateOptions, writeDataset } from '../../src/bench/people.generate';
import { AccountWrite } from '../../src/identity/account.repository';
import { ingestPreparedBatch } from '../../src/identity/batch.ingest.service';
import { ingestAccount, ingestBatch } from '../../src/identity/ingest.service';
import { prepareAccount } from '../../src/identity/account.validate';
import { AppError, ErrorCode } from '../../src/platform/errors';
import { importNdjson } from '../../src/importing/import.ndjson';
import { Named, statement } from '../../src/platform/neo4j/cypher';
import { deleteAccountsByPrefix, inline } from '../support/graph';
import { Database } from '../../src/platform/neo4j/database';
import { testConfig, unique } from '../support/api';

const accountsByPrefix = statement<Named<'prefix'>>('bench/accounts-by-prefix', ['prefix']);

// Batches of several accounts run matching for each in one transaction: allow for a busy machine.
const config = testConfig({ NEO4J_QUERY_TIMEOUT_MS: '60000' });
const SLOW_MS = 240_000;
let handle: DatabaseHandle;
let db: Database;
let dir: string;

beforeAll(async () => {
  handle = await openDatabase(config);
  db = handle.db;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-test-'));
});
afterAll(async () => {
  await handle.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A generated set with its own seeds, so no other test (or other run of this one) shares its phones or shop phones. */
function dataset(people: number, prefix = unique('imp'), shopPhoneRate?: number): { accounts: GeneratedAccount[]; file: string; options: GenerateOptions } {
  const options: GenerateOptions = { people, seed: unique('seed'), worldSeed: unique('world'), prefix, shopPhoneRate };
  const accounts = generateAccounts(options);
  const file = path.join(dir, `${prefix}.ndjson`);
  writeDataset(accounts, file);
  return { accounts, file, options };
}

/** The member of each account, in the order of `accounts`. */
async function membersOf(prefix: string, accounts: GeneratedAccount[]): Promise<(string | null)[]> {
  const rows = await db.readOne(accountsByPrefix, { prefix: `${prefix}-` });
  const byKey = new Map(rows.map((r) => [accountKey(r.app as string, r.externalId as string), r.memberId as string | null]));
  return accounts.map((a) => byKey.get(accountKey(a.input.app, a.input.externalId)) ?? null);
}

/** A grouping up to renaming: the sorted lists of positions that share a member. */
function partition(memberIds: (string | null)[]): string[] {
  const groups = new Map<string, number[]>();
  memberIds.forEach((id, index) => {
    const key = id ?? `none-${index}`;
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  return [...groups.values()].map((g) => g.join(',')).sort();
}

describe('ingestBatch at import size', () => {
  it('reads the candidates of 2,000 accounts (over 12,000 identifiers and typo keys) in one attempt, within transaction memory', async () => {
    // No driver retries: a transient memory error (the candidates statement once kept the batch's identifier list on
    // every row, memory quadratic in the batch) would otherwise be retried until it happened to pass.
    const strictConfig = testConfig({ NEO4J_QUERY_TIMEOUT_MS: '120000', NEO4J_MAX_RETRY_TIME_MS: '0', OVERSHARED_REEXAMINE_AFTER_INGEST: 'false' });
    const strict = await openDatabase(strictConfig);
    try {
      const { accounts, options } = dataset(800);
      const inputs = accounts.slice(0, 2000).map((a) => a.input);
      const identifiers = new Set(inputs.flatMap((input) => prepareAccount(input, config.identifierHashKey).identifiers.map((i) => i.hash)));
      expect(identifiers.size).toBeGreaterThan(12_000);
      const before = strict.db.statementsRun;
      const outcomes = await ingestBatch(strict.db, strictConfig, inputs);
      expect(outcomes).toHaveLength(inputs.length);
      // One attempt: batch-accounts, batch-candidates and the writes, not the candidates statement again.
      expect(strict.db.statementsRun - before).toBeLessThan(12);
      await strict.db.writeOne(deleteAccountsByPrefix, { prefix: `${options.prefix}-` });
    } finally {
      await strict.close();
    }
  }, SLOW_MS);
});

describe('importNdjson', () => {
  it('groups accounts into members exactly as ingesting the same lines one by one does', async () => {
    // Few shop phones: where several members tie for an over-shared phone, matching breaks the tie by member id
    // (random), so even two one-by-one runs can group differently; that is matching's business, not the import's.
    const batched = dataset(30, unique('imp'), 0.04);
    const summary = await importNdjson(db, config, batched.file, { batchSize: 7, progress: false });
    expect(summary).toMatchObject({ completed: true, totals: { accounts: batched.accounts.length, rejected: 0 } });
    const batchedGroups = partition(await membersOf(batched.options.prefix, batched.accounts));
    // Same people, same identifiers: the first run's data goes first, or the second run would match against it.
    await db.writeOne(deleteAccountsByPrefix, { prefix: `${batched.options.prefix}-` });

    const oneByOnePrefix = unique('one');
    const oneByOne = generateAccounts({ ...batched.options, prefix: oneByOnePrefix });
    for (const account of oneByOne) await ingestAccount(db, config, account.input);
    const oneByOneGroups = partition(await membersOf(oneByOnePrefix, oneByOne));
    await db.writeOne(deleteAccountsByPrefix, { prefix: `${oneByOnePrefix}-` });

    expect(batchedGroups.length).toBeLessThan(batched.accounts.length);
    expect(batchedGroups).toEqual(oneByOneGroups);
  }, SLOW_MS);

  it('resumes after the last committed batch and imports every line exactly once', async () => {
    const { accounts, file, options } = dataset(25);
    const seen: number[] = [];
    const onBatch = ({ lines }: { lines: number[] }) => void seen.push(...lines);

    const first = await importNdjson(db, config, file, { batchSize: 10, maxBatches: 1, progress: false, onBatch });
    expect(first).toMatchObject({ completed: false, lastLine: 10, totals: { accounts: 10 } });
    const checkpoint = JSON.parse(fs.readFileSync(`${file}.checkpoint`, 'utf8'));
    expect(checkpoint).toMatchObject({ line: 10, size: fs.statSync(file).size });
    expect(checkpoint.offset).toBe(accounts.slice(0, 10).reduce((n, a) => n + Buffer.byteLength(JSON.stringify(a.input)) + 1, 0));

    const notices: string[] = [];
    const second = await importNdjson(db, config, file, { batchSize: 10, progress: false, onBatch, notice: (m) => notices.push(m) });
    expect(second).toMatchObject({ completed: true, resumedAfterLine: 10, accountsThisRun: accounts.length - 10, totals: { accounts: accounts.length } });
    expect(notices.join()).toMatch(/resuming .* after line 10/);
    expect(seen.sort((a, b) => a - b)).toEqual(accounts.map((_, i) => i + 1));
    expect(fs.existsSync(`${file}.checkpoint`)).toBe(false);

    const members = await membersOf(options.prefix, accounts);
    expect(members.every((m) => m !== null)).toBe(true);
    await db.writeOne(deleteAccountsByPrefix, { prefix: `${options.prefix}-` });
  }, SLOW_MS);

  it('replays a batch that committed just before a crash without duplicating anything', async () => {
    const { accounts, file, options } = dataset(15);
    let batches = 0;
    const crashAfterSecondCommit = () => {
      if (++batches === 2) throw new Error('simulated crash between commit and checkpoint');
    };
    await expect(importNdjson(db, config, file, { batchSize: 10, progress: false, onBatch: crashAfterSecondCommit })).rejects.toThrow('simulated crash');
    expect(JSON.parse(fs.readFileSync(`${file}.checkpoint`, 'utf8')).line).toBe(10);

    const resumed = await importNdjson(db, config, file, { batchSize: 10, progress: false, notice: () => undefined });
    expect(resumed).toMatchObject({ completed: true, resumedAfterLine: 10, totals: { accounts: accounts.length } });
    const rows = await db.readOne(
      inline('test/count-import-accounts', 'MATCH (a:Account) WHERE a.externalId STARTS WITH $prefix RETURN count(a) AS accounts, sum(COUNT { (a)-[:BELONGS_TO]->() }) AS links'),
      { prefix: `${options.prefix}-` },
    );
    expect(rows[0]).toEqual({ accounts: accounts.length, links: accounts.length });
    await db.writeOne(deleteAccountsByPrefix, { prefix: `${options.prefix}-` });
  }, SLOW_MS);

  it('retries a batch that hits the transaction timeout in halves, never grows back to it, and imports every line once', async () => {
    const { accounts, file, options } = dataset(20);
    const committedSizes: number[] = [];
    let timeouts = 0;
    // The database times out any batch of more than 6 accounts.
    const ingest = async (writes: AccountWrite[]) => {
      if (writes.length > 6) {
        timeouts++;
        throw new AppError(ErrorCode.TIMEOUT, 'The database took too long to answer; narrow the request or retry');
      }
      committedSizes.push(writes.length);
      return ingestPreparedBatch(db, config, writes);
    };
    const seen: number[] = [];
    const notices: string[] = [];
    const summary = await importNdjson(db, config, file, {
      batchSize: 64,
      progress: false,
      ingest,
      notice: (m) => notices.push(m),
      onBatch: ({ lines }) => void seen.push(...lines),
    });
    expect(summary).toMatchObject({ completed: true, totals: { accounts: accounts.length } });
    // The first batch holds every line (fewer than 64); it is halved until it fits, and batches stay that small.
    let expected = 0;
    for (let n = accounts.length; n > 6; n = Math.floor(n / 2)) expected++;
    expect(timeouts).toBe(expected);
    expect(summary.batchSizes.max).toBeLessThanOrEqual(6);
    expect(committedSizes.length).toBe(summary.batches);
    expect(seen).toEqual(accounts.map((_, i) => i + 1));
    expect(notices.join('\n')).toMatch(/a batch of \d+ accounts hit the transaction timeout \(15000 ms\): retrying it in batches of [1-6]$/);
    const members = await membersOf(options.prefix, accounts);
    expect(members.every((m) => m !== null)).toBe(true);
    await db.writeOne(deleteAccountsByPrefix, { prefix: `${options.prefix}-` });
  }, SLOW_MS);

  it('writes malformed and refused lines to the rejects file with their line numbers and goes on', async () => {
    const prefix = unique('rej');
    const good = (n: number) => JSON.stringify({ app: 'TAOBAO', externalId: `${prefix}-${n}`, displayName: 'Test Person', identifiers: [] });
    const lines = [
      good(1),
      good(2),
      '{"app": "TAOBAO", "externalId": ',
      good(4),
      JSON.stringify({ app: 'ELEME', externalId: `${prefix}-5`, identifiers: [{ kind: 'PHONE', value: '12' }] }),
      JSON.stringify({ app: 'NOT_AN_APP', externalId: `${prefix}-6`, identifiers: [] }),
      '',
      good(8),
    ];
    const file = path.join(dir, `${prefix}.ndjson`);
    fs.writeFileSync(file, lines.join('\n'));

    const summary = await importNdjson(db, config, file, { batchSize: 2, progress: false });
    expect(summary).toMatchObject({ completed: true, totals: { accounts: 4, rejected: 3 }, rejectsPath: `${file}.rejects.ndjson` });
    const rejects = fs.readFileSync(`${file}.rejects.ndjson`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rejects.map((r) => [r.line, r.code])).toEqual([
      [3, 'BAD_USER_INPUT'],
      [5, 'INVALID_IDENTIFIER'],
      [6, 'UNKNOWN_APP'],
    ]);
    expect(rejects[0].text).toBe(lines[2]);
    const members = await db.readOne(accountsByPrefix, { prefix: `${prefix}-` });
    expect(members.map((r) => r.externalId).sort()).toEqual([1, 2, 4, 8].map((n) => `${prefix}-${n}`));
    await db.writeOne(deleteAccountsByPrefix, { prefix: `${prefix}-` });
  });
});
