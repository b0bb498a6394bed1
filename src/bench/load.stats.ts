import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { percentile } from './bench.database';

/** What one load run measured: completed requests and their latencies, computed the same way for every driver. */
export interface LoadResult {
  concurrency: number;
  /** Requests that completed, successful or not. */
  requests: number;
  /** Requests that failed: a thrown error, a non-2xx status or a GraphQL `errors` entry. */
  errors: number;
  /** Wall-clock time of the run. */
  seconds: number;
  /** Completed requests per second of wall-clock time. */
  perSecond: number;
  p50: number;
  p99: number;
  /** The first failure, to say why a run went wrong. */
  firstError: string | null;
  /** Share of the wall-clock time this process's main thread was busy (event-loop utilization), 0 to 1. */
  mainThreadBusy: number;
  /**
   * CPU time the main thread used per completed request, ms (Linux; NaN elsewhere). Unlike requests a second, it
   * hardly moves when other processes take the CPU, so on a shared machine it is the figure to compare changes by.
   */
  mainThreadCpuPerRequest: number;
}

/** Raw samples of a run (milliseconds per request), before they are reduced to a LoadResult. */
export interface LoadSamples {
  concurrency: number;
  latencies: number[];
  errors: number;
  seconds: number;
  firstError: string | null;
  /** Event-loop utilization of the main thread during the run, when it was measured. */
  mainThreadBusy?: number;
  /** CPU time of the main thread during the run, ms, when it was measured. */
  mainThreadCpuMs?: number;
}

/** Reduces one or more runs at the same concurrency (e.g. the two halves of an ABBA pair) to one result. */
export function summarize(runs: LoadSamples[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const errors = runs.reduce((s, r) => s + r.errors, 0);
  return {
    concurrency: runs[0]?.concurrency ?? 0,
    requests: latencies.length,
    errors,
    seconds,
    perSecond: seconds > 0 ? latencies.length / seconds : 0,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    firstError: runs.find((r) => r.firstError)?.firstError ?? null,
    mainThreadBusy: seconds > 0 ? runs.reduce((s, r) => s + (r.mainThreadBusy ?? NaN) * r.seconds, 0) / seconds : NaN,
    mainThreadCpuPerRequest: latencies.length ? runs.reduce((s, r) => s + (r.mainThreadCpuMs ?? NaN), 0) / latencies.length : NaN,
  };
}

/**
 * Runs a load and records how busy this process's main thread was meanwhile: near 1, the main thread (the API's
 * GraphQL execution, or the floor's driver) is the bottleneck, whatever the database could still do.
 */
export async function withMainThreadBusy(load: () => Promise<LoadSamples>): Promise<LoadSamples> {
  const before = performance.eventLoopUtilization();
  const cpuBefore = mainThreadCpuMs();
  const samples = await load();
  return { ...samples, mainThreadBusy: performance.eventLoopUtilization(before).utilization, mainThreadCpuMs: mainThreadCpuMs() - cpuBefore };
}

/**
 * User and system CPU time of this process's main thread so far, ms, from /proc (its thread id is the process id);
 * NaN where there is no /proc. process.cpuUsage() would count the load thread too.
 */
function mainThreadCpuMs(): number {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** USER_HZ, 100 on every Linux Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Closed-loop load without HTTP: `concurrency` async workers, each calling `work` again as soon as its previous call
 * settles, until `seconds` have passed. Every call's latency is recorded (a failed call too, and counted), as
 * autocannon does for its connections, so the two can be compared sample for sample.
 */
export async function closedLoop(concurrency: number, seconds: number, work: (n: number) => Promise<unknown>): Promise<LoadSamples> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let n = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  const worker = async (): Promise<void> => {
    while (process.hrtime.bigint() < deadline) {
      const t0 = process.hrtime.bigint();
      try {
        await work(n++);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { concurrency, latencies, errors, seconds: Number(process.hrtime.bigint() - started) / 1e9, firstError };
}
