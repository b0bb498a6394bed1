import 'reflect-metadata';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunningApp, startApi } from '../app/app';
import { CachedIdentity, IdentityCache } from '../identity/identity.cache';
import { logger } from '../platform/logger';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { loadBackground } from './background.load';
import { openBenchDatabase, percentile, table } from './bench.database';
import { closedLoop } from './load.stats';
import { generatePeople } from './people.generate';
import { Prng } from './prng';

const membersWithAccounts = statement<Named<never>, { memberId: string; accounts: { app: string; externalId: string }[] }>('bench/members-with-accounts', []);

const RESOLVE = 'query($ref: AccountRef!) { resolveIdentity(ref: $ref) { member { id } linkedApps account { id } } }';
const UNLINK = 'mutation($ref: AccountRef!) { unlinkAccount(ref: $ref, reason: "bench: not the same person") { id } }';

type Ref = { app: string; externalId: string };

/**
 * `npm run bench:cache -- [--accounts 2000] [--seconds 10] [--clients 8] [--writes 20] [--memory 100000]`
 *
 * The identity cache with two API instances on one Neo4j (issue 31), each with its own driver and cache, as two
 * processes would run (in this one process, so they share its CPU):
 * 1. **Hit ratio**: after each instance resolved every account once, `--clients` closed-loop clients per instance
 *    resolve random accounts of a background of `--accounts` (bench/load-background) for `--seconds`, while a writer unlinks `--writes` accounts through instance
 *    A, spread over the run; each instance's hits, misses and lookups answered from the database for being behind.
 * 2. **Staleness**: for each unlink, the time from A's answer until B answers the account's new member, B asked every
 *    5 ms (B had the account cached just before), next to the stated bound (IDENTITY_CACHE_MAX_STALENESS_MS).
 * 3. **Memory**: `--memory` identities shaped as the cached ones (real ones, their ids renumbered) put in a cache
 *    of their own, the heap and RSS of the process measured before and after (run with --expose-gc), per entry and
 *    as an estimate for 1M accounts; with the cache's own estimate of its bytes beside it.
 */
function parseArgs(argv: string[]) {
  const flag = (name: string, fallback: string): number => {
    const i = argv.indexOf(`--${name}`);
    return Number(i >= 0 && argv[i + 1] ? argv[i + 1] : fallback);
  };
  return { accounts: flag('accounts', '2000'), seconds: flag('seconds', '10'), clients: flag('clients', '8'), writes: flag('writes', '20'), memory: flag('memory', '100000') };
}

const say = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`${query.slice(0, 30)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const urlOf = (app: RunningApp): string => `http://127.0.0.1:${app.port}/graphql`;

/** Heap and RSS after a full collection, bytes. */
function memory(): { heap: number; rss: number } {
  (global as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

/** `count` identities shaped like `samples` (real cached ones), each with ids of its own of the same lengths. */
function* renumbered(samples: CachedIdentity[], count: number): Generator<CachedIdentity> {
  const same = (id: string, n: number): string => `${n.toString(36)}-${id}`.slice(0, id.length);
  for (let n = 0; n < count; n++) {
    const s = samples[n % samples.length];
    yield {
      ...s,
      accountId: same(s.accountId, n),
      externalId: same(s.externalId, n),
      memberId: same(s.memberId, n),
      link: s.link && { ...s.link, linkedAt: new Date(s.link.linkedAt), consentAt: s.link.consentAt && new Date(s.link.consentAt), rules: [...s.link.rules], purposes: [...s.link.purposes] },
      linkedApps: [...s.linkedApps],
    };
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  for (const name of ['AUTH_JWT_SECRET', 'AUTH_JWT_PUBLIC_KEY_FILE', 'AUTH_JWKS_FILE']) delete process.env[name];
  Object.assign(process.env, { NODE_ENV: 'development', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_TOKEN: '0' });
  logger.level = process.env.LOG_LEVEL ?? 'warn';
  if (!(global as { gc?: unknown }).gc) say('(no --expose-gc: the memory figures include garbage not yet collected)');
  const bench = await openBenchDatabase('cache', { NEO4J_HEAP: '1g', NEO4J_PAGECACHE: '512m', NEO4J_QUERY_TIMEOUT_MS: '120000' });
  let second: Database | null = null;
  try {
    const { db, config } = bench;
    say(`loading ${args.accounts.toLocaleString('en-US')} accounts...`);
    const people = generatePeople({ people: Math.ceil(args.accounts / 2), seed: 'cache-1', prefix: 'cachebench' });
    await loadBackground(db, config.identifierHashKey, people, args.accounts, { batchAccounts: 2_000 });
    const members = await db.readOne(membersWithAccounts);
    const refs: Ref[] = members.flatMap((m) => m.accounts);
    // Accounts the writer unlinks: one of each member with several, so each unlink changes who the account is.
    const unlinkable = members.filter((m) => m.accounts.length > 1).map((m) => m.accounts[m.accounts.length - 1]);
    say(`${refs.length.toLocaleString('en-US')} accounts, ${members.length.toLocaleString('en-US')} members, ${unlinkable.length} accounts that can be unlinked`);

    second = Database.connect(bench.embedded?.uri ?? config.neo4j.uri!, config.neo4j);
    const a = await startApi({ ...config, port: 0 }, db);
    const b = await startApi({ ...config, port: 0 }, second);
    const bound = b.identityCache.maxStalenessMs;
    const prng = new Prng('cache-requests');
    // Each instance resolves every account once first: what follows measures a warm cache under changes.
    say('warming both caches (every account once on each instance)...');
    for (const api of [a, b]) {
      let next = 0;
      await Promise.all(Array.from({ length: args.clients }, async () => {
        while (next < refs.length) await post(urlOf(api), RESOLVE, { ref: refs[next++] });
      }));
    }
    const before = { a: a.identityCache.stats(), b: b.identityCache.stats() };

    // 1 and 2 together: readers on both instances, and a writer on A whose every change B is watched for.
    const delays: number[] = [];
    const writer = (async () => {
      const writes = unlinkable.slice(0, args.writes);
      const every = (args.seconds * 1000) / (writes.length + 1);
      for (const ref of writes) {
        await sleep(every);
        // B holds the account before the change, so what is measured is B forgetting it.
        await post(urlOf(b), RESOLVE, { ref });
        const was = (await post(urlOf(b), RESOLVE, { ref })).resolveIdentity.member.id;
        const now = (await post(urlOf(a), UNLINK, { ref })).unlinkAccount.id;
        const answeredAt = performance.now();
        if (now === was) throw new Error('the unlink did not move the account');
        for (;;) {
          if ((await post(urlOf(b), RESOLVE, { ref })).resolveIdentity.member.id === now) break;
          await sleep(5);
        }
        delays.push(performance.now() - answeredAt);
      }
    })();
    const reader = (api: RunningApp) => closedLoop(args.clients, args.seconds, () => post(urlOf(api), RESOLVE, { ref: refs[prng.int(0, refs.length - 1)] }));
    const [loadA, loadB] = await Promise.all([reader(a), reader(b), writer]);
    const after = { a: a.identityCache.stats(), b: b.identityCache.stats() };
    const rows = (['a', 'b'] as const).map((side) => {
      const hits = after[side].hits - before[side].hits;
      const misses = after[side].misses - before[side].misses;
      const behind = after[side].behind - before[side].behind;
      const load = side === 'a' ? loadA : loadB;
      return [side.toUpperCase(), load.latencies.length, load.errors, hits, misses, behind, (hits / (hits + misses + behind)).toFixed(3), after[side].entries, (after[side].bytes / 2 ** 20).toFixed(1)];
    });

    // 3. Memory per entry, measured on a cache of its own filled with identities shaped like B's.
    const samples: CachedIdentity[] = [];
    for (const ref of refs.slice(0, 500)) {
      const cached = b.identityCache.lookup(ref.app, ref.externalId);
      if (cached) samples.push(cached);
    }
    // This process with both instances running and their caches warm: an upper bound of one instance without its cache.
    const running = memory();
    await a.stop();
    await b.stop();
    const mem0 = memory();
    const big = new IdentityCache(64 * 2 ** 30, 1000);
    big.start();
    for (const identity of renumbered(samples, args.memory)) big.fill(big.ticket(), identity);
    const mem1 = memory();
    const heapPerEntry = (mem1.heap - mem0.heap) / args.memory;
    const estimatedPerEntry = big.stats().bytes / args.memory;

    process.stdout.write(
      `\nIdentity cache, two API instances on one Neo4j (bench:cache), ${new Date().toISOString()}\n` +
        `command: npm run bench:cache -- ${process.argv.slice(2).join(' ')}\n` +
        `machine: ${os.availableParallelism()} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; both instances, the load and Neo4j share them\n` +
        `graph: ${refs.length} accounts, ${members.length} members; IDENTITY_CHANGES_POLL_MS ${config.changesPollMs}, bound IDENTITY_CACHE_MAX_STALENESS_MS ${bound}, IDENTITY_CACHE_MB ${config.cache.maxBytes / 2 ** 20}\n\n` +
        table(['instance', 'resolves', 'errors', 'hits', 'misses', 'behind', 'hit ratio', 'entries at the end', 'MB (estimated)'], rows) +
        `\n\nB's staleness after ${delays.length} unlinks on A (ms from A's answer to B answering the new member, B asked every 5 ms): ` +
        `median ${percentile(delays, 50).toFixed(0)}, p95 ${percentile(delays, 95).toFixed(0)}, max ${Math.max(...delays).toFixed(0)} (bound ${bound})\n` +
        `\nmemory of ${args.memory.toLocaleString('en-US')} cached identities (${samples.length} real shapes): heap ${heapPerEntry.toFixed(0)} B/entry measured, ` +
        `${estimatedPerEntry.toFixed(0)} B/entry by the cache's own estimate (what IDENTITY_CACHE_MB bounds); at 1M accounts: ${((heapPerEntry * 1e6) / 2 ** 20).toFixed(0)} MB of heap, ` +
        `so an instance's RSS ≈ ${(running.rss / 2 ** 20).toFixed(0)} MB (this process, both instances running, warm) + ${((heapPerEntry * 1e6) / 2 ** 20).toFixed(0)} MB = ` +
        `${((running.rss + heapPerEntry * 1e6) / 2 ** 20).toFixed(0)} MB (IDENTITY_CACHE_MB=${Math.ceil((estimatedPerEntry * 1e6) / 2 ** 20)} holds them)\n`,
    );
  } finally {
    await second?.close();
    await bench.close();
  }
}

main().catch((error) => {
  process.stderr.write(`error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
