import autocannon from 'autocannon';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { LoadSamples } from './load.stats';

/**
 * The GraphQL bodies a load run sends, built per request in the load thread:
 * - `cycle`: the query with each variables object in turn, from `start` on (wrapping around);
 * - `newAccounts`: the query with `{ input }` of an account never seen before on each request, one of `apps`,
 *   externalId `<prefix>-<n>` and a phone of the million from `firstPhone`, the n-th of a fixed permutation of them
 *   (with `firstIndex`: of the hundred million from `firstPhone`, the (firstIndex + n)-th)
 *   (so every request ingests a fresh account). Spread, not counted up: sign-ups do not arrive in phone order, and
 *   consecutive numbers share typo keys (identifier.derive.ts), which would make concurrent requests wait on each
 *   other's key locks as real traffic does not.
 */
export type GraphQLBodies =
  | { kind: 'cycle'; query: string; variables: Record<string, unknown>[]; start: number }
  | { kind: 'newAccounts'; query: string; apps: string[]; prefix: string; firstPhone: number; firstIndex?: number };

export interface HttpLoadOptions {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** Connections, each with one request in flight (closed loop). */
  concurrency: number;
  seconds: number;
  bodies: GraphQLBodies;
}

const WORKER_TAG = 'bench-http-load';

interface Pending {
  resolve: (samples: LoadSamples) => void;
  reject: (error: Error) => void;
}

/** The one load thread of this process, started on first use and kept for the next runs. */
let thread: { worker: Worker; pending: Map<number, Pending>; next: number } | null = null;

function loadThread(): NonNullable<typeof thread> {
  if (thread) return thread;
  const worker = new Worker(__filename, { workerData: { tag: WORKER_TAG } });
  const pending = new Map<number, Pending>();
  const started = { worker, pending, next: 0 };
  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    if (thread === started) thread = null;
  };
  worker.on('message', (message: { id: number; samples?: LoadSamples; error?: string }) => {
    const p = pending.get(message.id);
    pending.delete(message.id);
    // Idle, the thread must not keep the process alive.
    if (!pending.size) worker.unref();
    if (message.samples) p?.resolve(message.samples);
    else p?.reject(new Error(`the load thread failed: ${message.error}`));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the load thread exited with code ${code}`)));
  return (thread = started);
}

/**
 * Runs autocannon against a GraphQL endpoint in a worker thread, so the load generator does not share the event loop
 * of an API served by this process. Returns every response's latency (autocannon's own histogram keeps whole
 * milliseconds only) and counts as errors non-2xx answers, GraphQL `errors` and connection errors or timeouts.
 * One thread serves every run of the process (starting a thread and loading autocannon took about half a second
 * per run, which a `--quick` benchmark of 50 runs felt); runs are meant to be sequential.
 */
export function loadHttp(options: HttpLoadOptions): Promise<LoadSamples> {
  const { worker, pending, next } = loadThread();
  thread!.next = next + 1;
  return new Promise((resolve, reject) => {
    pending.set(next, { resolve, reject });
    worker.ref();
    worker.postMessage({ id: next, options });
  });
}

function bodyMaker(bodies: GraphQLBodies): () => string {
  let n = 0;
  if (bodies.kind === 'cycle') {
    return () => JSON.stringify({ query: bodies.query, variables: bodies.variables[(bodies.start + n++) % bodies.variables.length] });
  }
  return () => {
    const i = n++;
    const phone = bodies.firstIndex === undefined ? bodies.firstPhone + spread(i) : bodies.firstPhone + spreadWide(bodies.firstIndex + i);
    const input = { app: bodies.apps[i % bodies.apps.length], externalId: `${bodies.prefix}-${i}`, identifiers: [{ kind: 'PHONE', value: String(phone) }] };
    return JSON.stringify({ query: bodies.query, variables: { input } });
  };
}

/** A bijection of 0..999,999 (104,729 is prime, so coprime with a million) that puts consecutive n far apart. */
const spread = (n: number): number => (((n % 1_000_000) * 104_729) + 12_345) % 1_000_000;

/**
 * The same over 0..99,999,999, for runs that share one range: `firstIndex` gives each run its own indices. Blocks of
 * a million numbers each permuted alike put the n-th phones of two blocks one digit apart (a typo-neighbour, so a
 * REVIEW-level candidate for an account with nothing else), which real sign-ups are not; spread over a hundred
 * million numbers, a phone has a one-digit neighbour among 30,000 others about once in 50.
 */
export const spreadWide = (n: number): number => Number((BigInt(n % 100_000_000) * 104_729n + 12_345n) % 100_000_000n);

/**
 * A run lasts `seconds`; autocannon then drops the requests still in flight, where the floors' closed loop
 * (load.stats.ts) waits for its last ones. When no request finished within the run (one takes longer than the run,
 * as an analytics question over a million members can), one request per connection is sent again and waited for, so
 * both sides report the latency of requests that complete.
 */
async function runInThread(options: HttpLoadOptions): Promise<LoadSamples> {
  const nextBody = bodyMaker(options.bodies);
  const timed = await cannon(options, nextBody, { duration: options.seconds });
  if (timed.latencies.length || timed.errors) return timed;
  return cannon(options, nextBody, { amount: options.concurrency, timeout: 600 });
}

async function cannon(options: HttpLoadOptions, nextBody: () => string, limit: { duration: number } | { amount: number; timeout: number }): Promise<LoadSamples> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const fail = (why: string): void => {
    errors++;
    firstError ??= why;
  };
  let done!: (result: autocannon.Result) => void;
  let failed!: (error: unknown) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const instance = autocannon({
    url: options.url,
    connections: options.concurrency,
    pipelining: 1,
    ...limit,
    requests: [
      {
        method: 'POST',
        path: new URL(options.url).pathname,
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: nextBody() }),
        onResponse: (status, body) => {
          if (status < 200 || status > 299) fail(`HTTP ${status}: ${body.slice(0, 300)}`);
          else if (!body.startsWith('{"data"') || body.includes('"errors"')) fail(body.slice(0, 300));
        },
      },
    ],
  }, (error: unknown, result: autocannon.Result) => (error ? failed(error) : done(result)));
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  instance.on('reqError', (error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  // Timeouts and connection errors arrive as reqError, with no response and so no latency sample.
  const result = await finished;
  return { concurrency: options.concurrency, latencies, errors, seconds: result.duration, firstError };
}

if (!isMainThread && (workerData as { tag?: string } | null)?.tag === WORKER_TAG) {
  parentPort!.on('message', ({ id, options }: { id: number; options: HttpLoadOptions }) => {
    runInThread(options).then(
      (samples) => parentPort!.postMessage({ id, samples }),
      (error: unknown) => parentPort!.postMessage({ id, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
    );
  });
}
