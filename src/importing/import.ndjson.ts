import fs from 'node:fs';
import { GraphQLError } from 'graphql';
import { AccountInput } from '../identity/account.input';
import { AccountWrite } from '../identity/account.repository';
import { ingestPreparedBatch } from '../identity/batch.ingest.service';
import { IdentityConfig } from '../identity/identity.config';
import { IngestOutcome } from '../identity/ingest.outcome';
import { MatchDecision } from '../identity/matching.rules';
import { ErrorCode } from '../platform/errors';
import { Database } from '../platform/neo4j/database';
import { Checkpoint, emptyTotals, ImportTotals, readCheckpoint, removeCheckpoint, writeCheckpoint } from './import.checkpoint';
import { parseAccount } from './import.line';
import { createProgress, Progress, ProgressStream } from './import.progress';

export interface ImportedBatch {
  /** Line numbers (1-based) of the accounts in the batch, in file order. */
  lines: number[];
  inputs: AccountInput[];
  outcomes: IngestOutcome[];
}

export interface ImportOptions {
  /** Most accounts per transaction (default 2000); batches start smaller and are sized to the transaction timeout. */
  batchSize?: number;
  /** The database's transaction timeout (NEO4J_QUERY_TIMEOUT_MS, default 15000): batches aim at an eighth to a third of it. */
  transactionTimeoutMs?: number;
  /** Default `<file>.checkpoint`. */
  checkpointPath?: string;
  /** Default `<file>.rejects.ndjson`. */
  rejectsPath?: string;
  /** Where the progress bar goes (default stderr); false for none. */
  progress?: ProgressStream | false;
  /** Stops after this many committed batches of this run, as a crash would (tests; a partial import). */
  maxBatches?: number;
  /** Checked after each committed batch: an abort stops the import there, with the checkpoint kept (Ctrl-C). */
  signal?: AbortSignal;
  /** Called after a batch commits and before its checkpoint is written; a throw stops the import there. */
  onBatch?: (batch: ImportedBatch) => void | Promise<void>;
  /** Notes such as "resuming at line N" (default: a line on stderr). */
  notice?: (message: string) => void;
  /** Ingests one batch in one transaction (default ingestPreparedBatch); tests wrap it to inject failures. */
  ingest?: (writes: AccountWrite[]) => Promise<IngestOutcome[]>;
}

export interface ImportSummary {
  file: string;
  /** True when the whole file was read and the checkpoint deleted; false when stopped early (maxBatches, abort). */
  completed: boolean;
  /** The line the previous run had committed up to (0 for a fresh import). */
  resumedAfterLine: number;
  /** The last line read when completed; the last line committed when stopped early. */
  lastLine: number;
  /** Counts over the whole import, including the runs this one resumed. */
  totals: ImportTotals;
  /** Accounts ingested by this run, its wall time and rate. */
  accountsThisRun: number;
  seconds: number;
  accountsPerSecond: number;
  batches: number;
  /** Batch sizes this run committed: smallest, largest and last (they adapt to the transaction timeout). */
  batchSizes: { min: number; max: number; last: number };
  rejectsPath: string | null;
}

interface Line {
  number: number;
  text: string;
  /** Byte offset just past this line's newline. */
  end: number;
}

interface Item {
  line: number;
  /** Byte offset just past the line: a checkpoint after this item points here. */
  end: number;
  input: AccountInput;
  write: AccountWrite;
}

/** Error codes that say nothing about the line: the import stops (and can resume) instead of rejecting lines. */
const FATAL_CODES = new Set<string>([ErrorCode.DATABASE_UNAVAILABLE, ErrorCode.TIMEOUT, ErrorCode.INTERNAL_SERVER_ERROR]);
/** The first batch of a run; batches then double while they take under an eighth of the timeout. */
const FIRST_BATCH = 250;
/** Lines parsed between two yields to the event loop, so a database answer is picked up promptly. */
const YIELD_EVERY = 64;

function lineError(error: unknown): { code: string; message: string } | null {
  if (!(error instanceof GraphQLError)) return null;
  const code = error.extensions?.code;
  if (typeof code !== 'string' || FATAL_CODES.has(code)) return null;
  return { code, message: error.message };
}

const isTimeout = (error: unknown): boolean => error instanceof GraphQLError && error.extensions?.code === ErrorCode.TIMEOUT;
// A batch whose transaction state passes dbms.memory.transaction.total.max (a large batch of accounts with many
// identifiers and derived keys) is split like one that times out.
const isTooLarge = (error: unknown): boolean =>
  error instanceof Error && /MemoryPoolOutOfMemoryError|TransactionMemoryLimit|dbms\.memory\.transaction/.test(`${(error as { code?: string }).code ?? ''} ${error.message}`);

/** Reads lines from a byte offset, streaming; each line carries its byte end so a checkpoint can point right after it. */
async function* readLines(file: string, offset: number, firstLine: number): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let position = offset;
  let number = firstLine;
  for await (const chunk of fs.createReadStream(file, { start: offset, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
      pending.push(chunk.subarray(from, nl));
      position += nl - from + 1;
      yield { number: number++, text: Buffer.concat(pending).toString('utf8').replace(/\r$/, ''), end: position };
      pending = [];
      from = nl + 1;
    }
    if (from < chunk.length) {
      pending.push(chunk.subarray(from));
      position += chunk.length - from;
    }
  }
  if (pending.length) yield { number, text: Buffer.concat(pending).toString('utf8').replace(/\r$/, ''), end: position };
}

/**
 * Imports accounts from an NDJSON file (one AccountInput per line), one transaction per batch (set-based matching,
 * see ingestPreparedBatch), streaming the file. Lines are parsed, validated and hashed ahead, while the previous
 * batch is in the database. Batches start small and double while they take under an eighth of the transaction
 * timeout; a batch that takes over a third of it halves the next one, and a batch that times out is retried in
 * halves (and batches stay at most that size), so an import does not fail on the timeout however slow the database
 * is. After each committed batch a checkpoint records where the import stands, so a re-run after a crash resumes
 * after the last committed batch; a batch replayed because the crash came between its commit and its checkpoint is
 * harmless, since ingesting is idempotent on (app, externalId). Lines that are not valid accounts go to the rejects
 * file with their line number and error code and do not stop the import. The checkpoint is deleted once the whole
 * file is in.
 */
export async function importNdjson(db: Database, config: IdentityConfig, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 2000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a whole number above 0, got ${batchSize}`);
  const timeoutMs = options.transactionTimeoutMs ?? 15_000;
  const checkpointPath = options.checkpointPath ?? `${file}.checkpoint`;
  const rejectsPath = options.rejectsPath ?? `${file}.rejects.ndjson`;
  const notice = options.notice ?? ((message: string) => process.stderr.write(`${message}\n`));
  const ingest = options.ingest ?? ((writes: AccountWrite[]) => ingestPreparedBatch(db, config, writes));
  const stat = fs.statSync(file);

  const { checkpoint, reason } = readCheckpoint(checkpointPath, stat);
  if (reason) notice(`${reason}: importing ${file} from the start (re-ingesting is harmless)`);
  const start = checkpoint ?? { offset: 0, line: 0, totals: emptyTotals() };
  if (checkpoint) notice(`resuming ${file} after line ${checkpoint.line} (${checkpoint.totals.accounts} accounts already imported)`);
  keepRejectsUpTo(rejectsPath, start.line);

  const totals: ImportTotals = { ...start.totals };
  const startAccounts = totals.accounts;
  const progress: Progress | null =
    options.progress === false ? null : createProgress({ label: 'import', totalBytes: stat.size, startBytes: start.offset, startAccounts, stream: options.progress });
  const started = Date.now();
  let committed = { offset: start.offset, line: start.line };
  let batches = 0;
  let completed = false;
  const sizes = { min: Infinity, max: 0, last: 0 };

  // Lines rejected ahead of the last commit: counted in a checkpoint only once it covers them, since a resumed run
  // reads (and rejects) them again.
  let pendingRejects: number[] = [];
  const reject = (line: number, text: string, error: { code: string; message: string }): void => {
    pendingRejects.push(line);
    fs.appendFileSync(rejectsPath, JSON.stringify({ line, code: error.code, message: error.message, text }) + '\n');
  };
  const countRejectsUpTo = (line: number): void => {
    totals.rejected += pendingRejects.filter((l) => l <= line).length;
    pendingRejects = pendingRejects.filter((l) => l > line);
  };

  // The reader parses ahead into `queue` (at most two batches) while the consumer below waits for the database.
  const queue: Item[] = [];
  const reader = { done: false, error: null as unknown, stop: false, lastLine: start.line };
  let wakeConsumer: (() => void) | null = null;
  let wakeReader: (() => void) | null = null;
  const wake = (which: 'consumer' | 'reader'): void => {
    const fn = which === 'consumer' ? wakeConsumer : wakeReader;
    if (which === 'consumer') wakeConsumer = null;
    else wakeReader = null;
    fn?.();
  };
  const reading = (async () => {
    try {
      let sinceYield = 0;
      for await (const line of readLines(file, start.offset, start.line + 1)) {
        if (reader.stop) break;
        reader.lastLine = line.number;
        if (line.text.trim()) {
          try {
            const { input, write } = parseAccount(line.text, config.identifierHashKey);
            queue.push({ line: line.number, end: line.end, input, write });
          } catch (error) {
            const refused = lineError(error);
            if (!refused) throw error;
            reject(line.number, line.text, refused);
          }
        }
        if (++sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          wake('consumer');
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        while (queue.length >= 2 * batchSize && !reader.stop) {
          wake('consumer');
          await new Promise<void>((resolve) => (wakeReader = resolve));
        }
      }
    } catch (error) {
      reader.error = error;
    } finally {
      reader.done = true;
      wake('consumer');
    }
  })();

  const ingestItems = async (items: Item[]): Promise<{ items: Item[]; outcomes: IngestOutcome[] }> => {
    try {
      return { items, outcomes: await ingest(items.map((i) => i.write)) };
    } catch (error) {
      if (!lineError(error)) throw error;
      // Validation passed line by line, so the database refused one of them: find which, one transaction each.
      const kept: Item[] = [];
      const outcomes: IngestOutcome[] = [];
      for (const item of items) {
        try {
          outcomes.push(...(await ingest([item.write])));
          kept.push(item);
        } catch (inner) {
          const refused = lineError(inner);
          if (!refused) throw inner;
          reject(item.line, JSON.stringify(item.input), refused);
        }
      }
      return { items: kept, outcomes };
    }
  };

  // A batch can take a while; the bar keeps moving (elapsed, ETA) and a log still gets its line every few seconds.
  const heartbeat = progress ? setInterval(() => progress.update({ bytesDone: committed.offset, accounts: totals.accounts }), 1000) : null;
  heartbeat?.unref();
  let size = Math.min(batchSize, FIRST_BATCH);
  // After a timeout, batches never grow past the half that was retried: each timeout costs a whole timeout.
  let ceiling = batchSize;
  try {
    for (;;) {
      while (queue.length < size && !reader.done) await new Promise<void>((resolve) => (wakeConsumer = resolve));
      if (reader.error) throw reader.error;
      if (!queue.length) break;
      const batch = queue.slice(0, size);
      const batchStarted = Date.now();
      let result: { items: Item[]; outcomes: IngestOutcome[] };
      try {
        result = await ingestItems(batch);
      } catch (error) {
        if (!(isTimeout(error) || isTooLarge(error)) || batch.length === 1) throw error;
        size = Math.max(1, Math.floor(batch.length / 2));
        ceiling = size;
        notice(`a batch of ${batch.length} accounts hit the transaction ${isTimeout(error) ? `timeout (${timeoutMs} ms)` : 'memory limit'}: retrying it in batches of ${size}`);
        continue;
      }
      const ms = Date.now() - batchStarted;
      queue.splice(0, batch.length);
      wake('reader');
      if (ms > timeoutMs / 3 && size > 1) size = Math.max(1, Math.floor(size / 2));
      else if (ms < timeoutMs / 8 && batch.length === size && size < ceiling) size = Math.min(ceiling, size * 2);

      for (const outcome of result.outcomes) {
        totals.accounts++;
        if (outcome.decision === MatchDecision.LINK) totals.linked++;
        else if (outcome.decision === MatchDecision.REVIEW) totals.review++;
        else totals.newMembers++;
      }
      if (options.onBatch) {
        await options.onBatch({ lines: result.items.map((i) => i.line), inputs: result.items.map((i) => i.input), outcomes: result.outcomes });
      }
      const last = batch[batch.length - 1];
      countRejectsUpTo(last.line);
      const saved: Checkpoint = {
        version: 1,
        file,
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        offset: last.end,
        line: last.line,
        totals,
        updatedAt: new Date().toISOString(),
      };
      writeCheckpoint(checkpointPath, saved);
      committed = { offset: last.end, line: last.line };
      batches++;
      sizes.min = Math.min(sizes.min, batch.length);
      sizes.max = Math.max(sizes.max, batch.length);
      sizes.last = batch.length;
      progress?.update({ bytesDone: committed.offset, accounts: totals.accounts });
      if ((options.maxBatches !== undefined && batches >= options.maxBatches) || options.signal?.aborted) break;
    }
    if (reader.done && !queue.length && !reader.error) {
      countRejectsUpTo(Infinity);
      removeCheckpoint(checkpointPath);
      completed = true;
    }
  } finally {
    if (heartbeat) clearInterval(heartbeat);
    reader.stop = true;
    wake('reader');
    await reading;
  }
  const seconds = (Date.now() - started) / 1000;
  const accountsThisRun = totals.accounts - startAccounts;
  progress?.done({ bytesDone: completed ? stat.size : committed.offset, accounts: totals.accounts });
  return {
    file,
    completed,
    resumedAfterLine: start.line,
    lastLine: completed ? reader.lastLine : committed.line,
    totals,
    accountsThisRun,
    seconds,
    accountsPerSecond: seconds > 0 ? accountsThisRun / seconds : 0,
    batches,
    batchSizes: { min: batches ? sizes.min : 0, max: sizes.max, last: sizes.last },
    rejectsPath: totals.rejected > 0 ? rejectsPath : null,
  };
}

/** Keeps the rejects of lines a resumed run will not read again; a fresh import (line 0) starts an empty file. */
function keepRejectsUpTo(rejectsPath: string, line: number): void {
  if (!fs.existsSync(rejectsPath)) return;
  if (line === 0) {
    fs.rmSync(rejectsPath);
    return;
  }
  const kept = fs
    .readFileSync(rejectsPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && (JSON.parse(l) as { line: number }).line <= line);
  fs.writeFileSync(rejectsPath, kept.length ? kept.join('\n') + '\n' : '');
}
