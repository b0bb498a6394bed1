import fs from 'node:fs';
import { GraphQLError } from 'graphql';
import { AccountInput } from '../identity/account.input';
import { ingestBatch, IngestOutcome } from '../identity/ingest.service';
import { MatchDecision } from '../identity/ingest.type';
import { IdentityConfig } from '../identity/identity.config';
import { ErrorCode } from '../platform/errors';
import { Database } from '../platform/neo4j/database';
import { Checkpoint, emptyTotals, ImportTotals, readCheckpoint, removeCheckpoint, writeCheckpoint } from './import.checkpoint';
import { parseAccountLine } from './import.line';
import { createProgress, Progress, ProgressStream } from './import.progress';

export interface ImportedBatch {
  /** Line numbers (1-based) of the accounts in the batch, in file order. */
  lines: number[];
  inputs: AccountInput[];
  outcomes: IngestOutcome[];
}

export interface ImportOptions {
  /** Accounts per transaction (default 500). */
  batchSize?: number;
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
}

export interface ImportSummary {
  file: string;
  /** True when the whole file was read and the checkpoint deleted; false when stopped early (maxBatches, abort). */
  completed: boolean;
  /** The line the previous run had committed up to (0 for a fresh import). */
  resumedAfterLine: number;
  /** The last line read. */
  lastLine: number;
  /** Counts over the whole import, including the runs this one resumed. */
  totals: ImportTotals;
  /** Accounts ingested by this run, its wall time and rate. */
  accountsThisRun: number;
  seconds: number;
  accountsPerSecond: number;
  batches: number;
  rejectsPath: string | null;
}

interface Line {
  number: number;
  text: string;
  /** Byte offset just past this line's newline. */
  end: number;
}

/** Error codes that say nothing about the line: the import stops (and can resume) instead of rejecting lines. */
const FATAL_CODES = new Set<string>([ErrorCode.DATABASE_UNAVAILABLE, ErrorCode.TIMEOUT, ErrorCode.INTERNAL_SERVER_ERROR]);

function lineError(error: unknown): { code: string; message: string } | null {
  if (!(error instanceof GraphQLError)) return null;
  const code = error.extensions?.code;
  if (typeof code !== 'string' || FATAL_CODES.has(code)) return null;
  return { code, message: error.message };
}

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
 * Imports accounts from an NDJSON file (one AccountInput per line) with ingestBatch, one transaction per batch,
 * streaming the file. After each committed batch a checkpoint records where the import stands, so a re-run after a
 * crash resumes after the last committed batch; a batch replayed because the crash came between its commit and its
 * checkpoint is harmless, since ingesting is idempotent on (app, externalId). Lines that are not valid accounts go
 * to the rejects file with their line number and error code and do not stop the import. The checkpoint is deleted
 * once the whole file is in.
 */
export async function importNdjson(db: Database, config: IdentityConfig, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a whole number above 0, got ${batchSize}`);
  const checkpointPath = options.checkpointPath ?? `${file}.checkpoint`;
  const rejectsPath = options.rejectsPath ?? `${file}.rejects.ndjson`;
  const notice = options.notice ?? ((message: string) => process.stderr.write(`${message}\n`));
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
  let batch: { line: number; input: AccountInput }[] = [];
  let position = { offset: start.offset, line: start.line };
  let batches = 0;
  let lastLine = start.line;
  let stopped = false;
  let committedOffset = start.offset;
  let completed = false;

  const reject = (line: number, text: string, error: { code: string; message: string }): void => {
    totals.rejected++;
    fs.appendFileSync(rejectsPath, JSON.stringify({ line, code: error.code, message: error.message, text }) + '\n');
  };

  const ingest = async (items: typeof batch): Promise<{ items: typeof batch; outcomes: IngestOutcome[] }> => {
    try {
      return { items, outcomes: await ingestBatch(db, config, items.map((i) => i.input)) };
    } catch (error) {
      if (!lineError(error)) throw error;
      // Validation passed line by line, so the database refused one of them: find which, one transaction each.
      const kept: typeof batch = [];
      const outcomes: IngestOutcome[] = [];
      for (const item of items) {
        try {
          outcomes.push(...(await ingestBatch(db, config, [item.input])));
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

  const flush = async (): Promise<void> => {
    const { items, outcomes } = batch.length ? await ingest(batch) : { items: [], outcomes: [] };
    batch = [];
    for (const outcome of outcomes) {
      totals.accounts++;
      if (outcome.decision === MatchDecision.LINK) totals.linked++;
      else if (outcome.decision === MatchDecision.REVIEW) totals.review++;
      else totals.newMembers++;
    }
    if (options.onBatch) await options.onBatch({ lines: items.map((i) => i.line), inputs: items.map((i) => i.input), outcomes });
    const saved: Checkpoint = {
      version: 1,
      file,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      offset: position.offset,
      line: position.line,
      totals,
      updatedAt: new Date().toISOString(),
    };
    writeCheckpoint(checkpointPath, saved);
    committedOffset = position.offset;
    batches++;
    progress?.update({ bytesDone: position.offset, accounts: totals.accounts });
    if ((options.maxBatches !== undefined && batches >= options.maxBatches) || options.signal?.aborted) stopped = true;
  };

  // A batch can take a while; the bar keeps moving (elapsed, ETA) and a log still gets its line every few seconds.
  const heartbeat = progress ? setInterval(() => progress.update({ bytesDone: committedOffset, accounts: totals.accounts }), 1000) : null;
  heartbeat?.unref();
  try {
    for await (const line of readLines(file, start.offset, start.line + 1)) {
      lastLine = line.number;
      if (line.text.trim()) {
        try {
          batch.push({ line: line.number, input: parseAccountLine(line.text, config.identifierHashKey) });
        } catch (error) {
          const refused = lineError(error);
          if (!refused) throw error;
          reject(line.number, line.text, refused);
        }
      }
      position = { offset: line.end, line: line.number };
      if (batch.length >= batchSize) {
        await flush();
        if (stopped) break;
      }
    }
    if (!stopped) {
      if (batch.length) await flush();
      removeCheckpoint(checkpointPath);
      completed = true;
    }
  } finally {
    if (heartbeat) clearInterval(heartbeat);
  }
  const seconds = (Date.now() - started) / 1000;
  const accountsThisRun = totals.accounts - startAccounts;
  progress?.done({ bytesDone: completed ? stat.size : position.offset, accounts: totals.accounts });
  return {
    file,
    completed,
    resumedAfterLine: start.line,
    lastLine,
    totals,
    accountsThisRun,
    seconds,
    accountsPerSecond: seconds > 0 ? accountsThisRun / seconds : 0,
    batches,
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
