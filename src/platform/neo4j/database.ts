import neo4j, { BookmarkManager, Driver, isRetriableError, ManagedTransaction, Neo4jError, QueryResult, isDate, isDateTime, isDuration, isInt, isLocalDateTime } from 'neo4j-driver';
import { PlatformConfig } from '../config';
import { AppError, ErrorCode } from '../errors';
import { logger } from '../logger';
import { observeTransaction } from '../metrics';
import { Availability, isUnavailableError, unavailable } from './availability';
import { Params, Row, Statement } from './cypher';
import { disableNagleForOutgoingSockets } from './socket.nodelay';

export type { Params, Row } from './cypher';

/** The arguments of a statement: none when it takes no parameters. */
export type ArgsOf<P extends Params> = keyof P extends never ? [params?: P] : [params: P];

/** Runs statements inside a managed transaction; repository code receives this instead of the driver. */
export interface Tx {
  run<P extends Params = Params, R = Row>(statement: Statement<P, R>, ...params: ArgsOf<P>): Promise<R[]>;
  /**
   * Hands `event` to the database's listeners of `topic` (Database.onCommitted) once this transaction has committed,
   * before the caller gets its result: never when it rolls back, and once when a retry committed it.
   */
  afterCommit(topic: string, event: unknown): void;
}

type CommitListener = (event: unknown) => void;


/** Marks a parameter as a Cypher INTEGER (JS numbers travel as FLOAT, which LIMIT and SKIP refuse). */
export const cypherInt = (value: number): unknown => neo4j.int(Math.trunc(value));

/** Turns driver values (Integer, temporal types, nodes) into plain JSON-friendly JS values. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // Strings, numbers and booleans are most values of a result: nothing below applies to them.
  if (typeof value !== 'object') return value;
  if (isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (isDateTime(value) || isLocalDateTime(value)) return new Date(value.toString());
  if (isDate(value) || isDuration(value)) return value.toString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    const v = value as { properties?: Record<string, unknown>; labels?: string[]; elementId?: string };
    if (v.properties && v.elementId !== undefined) return toPlain(v.properties);
    const out: Row = {};
    for (const k in value) out[k] = toPlain((value as Row)[k]);
    return out;
  }
  return value;
}

/**
 * Starts a statement without the call-site stack trace the driver captures for every statement: it builds an Error
 * and formats its stack for each Result, only to put that stack on the statement's error if one comes, and that cost
 * about 2 % of the CPU of a one-statement request (bench:api profile). Errors still carry the driver's message, code
 * and the statement's name (metrics, logs); what they lose is the line of this file that sent them.
 */
function withoutCallSite<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * A statement that followed a relationship to a node another transaction deleted and committed meanwhile (read
 * committed: "Unable to load NODE …", EntityNotFound) read a moment of the graph that is gone: the whole unit of work
 * is run again, as for a deadlock, by turning the error into a transient one the driver retries (units are
 * idempotent: every write here is safe to repeat).
 */
function retryRaced(error: unknown): never {
  if (error instanceof Neo4jError && (/EntityNotFound/.test(error.code) || /^Unable to load (NODE|RELATIONSHIP)/.test(error.message))) {
    throw new Neo4jError(error.message, 'Neo.TransientError.Transaction.EntityRaced', error.gqlStatus, error.gqlStatusDescription);
  }
  throw error;
}

/** A URI through which the driver routes over cluster members (neo4j://, neo4j+s://, neo4j+ssc://), not one server. */
export const isRoutingUri = (uri: string): boolean => /^neo4j(\+s|\+ssc)?:\/\//i.test(uri);

/** Maps a driver failure to a coded GraphQL error; unknown failures stay as they are and get masked later. */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Neo4jError) {
    if (isUnavailableError(error)) {
      return unavailable();
    }
    if (/TransactionTimedOut|Transaction.*Terminated/i.test(error.code)) {
      return new AppError(ErrorCode.TIMEOUT, 'The database took too long to answer; narrow the request or retry');
    }
    if (error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return new AppError(ErrorCode.CONFLICT, 'The change conflicts with existing data; retry the request');
    }
  }
  return error;
}

/**
 * The one gateway to Neo4j: managed read/write transactions against the configured database, with a
 * timeout and metadata on every transaction, sessions closed in finally, and results converted to plain values.
 * Managed transactions retry transient failures, so work passed to write() must be idempotent.
 */
export class Database {
  /** Round trips to the database since start; benchmarks and tests read it to prove batching. */
  statementsRun = 0;
  /** Set by benchmarks: told the name and duration of every statement run in a transaction (failed attempts too). */
  onStatement: ((name: string, ms: number) => void) | null = null;
  /**
   * Shared by every session, so a read after a write sees it even on another cluster member. Only through a routing
   * URI (neo4j://, neo4j+s://): one server (bolt://, the embedded Neo4j) has committed a write before acknowledging
   * it, so every later transaction sees it, and bookmarks would only cost each statement (about a third of the
   * driver's CPU for a one-statement read: BENCHMARKS.md §4).
   */
  private readonly bookmarks: BookmarkManager | undefined;
  private readonly availability = new Availability(() => this.driver.verifyConnectivity({ database: this.database }));

  constructor(
    readonly driver: Driver,
    private readonly database: string,
    private readonly timeoutMs: number,
    private readonly maxRetryTimeMs = 30_000,
    /** Whether sessions chain bookmarks (causal consistency across cluster members). */
    readonly causal = true,
  ) {
    this.bookmarks = causal ? neo4j.bookmarkManager() : undefined;
  }

  static connect(uri: string, config: PlatformConfig['neo4j']): Database {
    const auth = config.password ? neo4j.auth.basic(config.user, config.password) : undefined;
    disableNagleForOutgoingSockets();
    const driver = neo4j.driver(uri, auth, {
      maxConnectionPoolSize: config.maxPoolSize,
      connectionTimeout: Math.min(5_000, config.queryTimeoutMs),
      connectionAcquisitionTimeout: config.queryTimeoutMs,
      maxTransactionRetryTime: config.maxRetryTimeMs,
      userAgent: 'identity-graph-api/0.1',
      logging: { level: 'error', logger: (level, message) => logger.warn({ driverLevel: level }, message) },
    });
    return new Database(driver, config.database, config.queryTimeoutMs, config.maxRetryTimeMs, isRoutingUri(uri));
  }

  /**
   * Reads where every statement stands alone: each runs as its own auto-commit read (readOne). For a repository
   * function written against Tx that runs a single statement, this saves the transaction's BEGIN and COMMIT.
   */
  readonly autoCommit: Tx = { run: (statement, ...params) => this.readOne(statement, ...params), afterCommit: (topic, event) => this.deliver([[topic, event]]) };

  private readonly listeners = new Map<string, Set<CommitListener>>();

  /** Listens to the events transactions of this process publish with Tx.afterCommit under `topic`; returns the unsubscribe. */
  onCommitted(topic: string, listener: CommitListener): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  private deliver(events: [string, unknown][]): void {
    for (const [topic, event] of events) {
      for (const listener of this.listeners.get(topic) ?? []) listener(event);
    }
  }

  read<T>(work: (tx: Tx) => Promise<T>, name = 'read'): Promise<T> {
    return this.inSession('READ', work, name);
  }

  write<T>(work: (tx: Tx) => Promise<T>, name = 'write'): Promise<T> {
    return this.inSession('WRITE', work, name);
  }

  /**
   * A single statement as an auto-commit read: RUN and PULL in one round trip. A managed transaction
   * (driver.executeQuery) costs BEGIN and COMMIT on top, and halves the throughput of a one-statement read
   * (BENCHMARKS.md §4). Auto-commit statements are not retried by the driver, so transient failures are retried here,
   * within the same retry time; reads are safe to repeat.
   */
  readOne<P extends Params = Params, R = Row>(statement: Statement<P, R>, ...params: ArgsOf<P>): Promise<R[]> {
    return this.autoCommitRows(statement, params[0] ?? {}, false);
  }

  /**
   * A single read the server does for itself rather than for a request (tailing the identity-change outbox): not
   * counted in statementsRun, which tests and benchmarks read as a request's round trips, and run on the leader of a
   * cluster, which has every committed write, rather than on a follower that may lag behind it. Its bookmark joins
   * the process's, so reads that follow it on followers see at least what it saw.
   */
  readOnLeader<P extends Params = Params, R = Row>(statement: Statement<P, R>, ...params: ArgsOf<P>): Promise<R[]> {
    return this.autoCommitRows(statement, params[0] ?? {}, true);
  }

  private async autoCommitRows<R>(statement: Statement<Params, R>, params: Params, onLeader: boolean): Promise<R[]> {
    const started = process.hrtime.bigint();
    let outcome: 'ok' | 'error' = 'error';
    try {
      const { records } = await this.autoCommitResult(statement.text, params, { timeoutMs: this.timeoutMs, operation: statement.name, ...(onLeader ? { onLeader } : {}) });
      outcome = 'ok';
      return records.map((record) => toPlain(record.toObject()) as R);
    } catch (error) {
      // Whatever a statement failed with, once the server is known lost the answer is that it is unavailable.
      throw this.availability.isDown ? unavailable() : mapDatabaseError(error);
    } finally {
      observeTransaction('read', statement.name, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  /**
   * One statement text as an auto-commit read with its own timeout, its result whole (records and summary, which
   * carries an EXPLAIN's plan): bounded reads (bounded.read.ts) run each analytics statement so, one round trip each.
   * Retried like readOne; mapped errors are the caller's to map. `onLeader`: for readOnLeader.
   */
  autoCommitResult(text: string, params: Params, options: { timeoutMs: number; operation: string; onLeader?: boolean }): Promise<QueryResult> {
    return this.availability.guard(async () => {
      const deadline = Date.now() + this.maxRetryTimeMs;
      for (let attempt = 0; ; attempt++) {
        const session = this.driver.session({ database: this.database, defaultAccessMode: options.onLeader ? neo4j.session.WRITE : neo4j.session.READ, bookmarkManager: this.bookmarks });
        try {
          if (!options.onLeader) this.statementsRun++;
          return await withoutCallSite(() => session.run(text, params, { timeout: options.timeoutMs, metadata: { app: 'identity-graph-api', operation: options.operation } }));
        } catch (error) {
          // A lost server is the circuit breaker's (availability.ts): retrying it would only hold the request.
          if (!isRetriableError(error) || isUnavailableError(error) || this.availability.isDown || Date.now() >= deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt) * (0.8 + Math.random() * 0.4)));
        } finally {
          await session.close();
        }
      }
    });
  }

  /** A single statement in its own write transaction. */
  writeOne<P extends Params = Params, R = Row>(statement: Statement<P, R>, ...params: ArgsOf<P>): Promise<R[]> {
    return this.write((tx) => tx.run(statement, ...params), statement.name);
  }

  /**
   * Runs schema statements, which Neo4j does not allow inside explicit transactions. They are written to be run again
   * (IF NOT EXISTS, idempotent data fixes), so one that two instances run at once is retried when it loses the race:
   * Neo4j then fails one of them with a deadlock on the label, or says an equivalent rule already exists (created by
   * the other after this one found none); run again, it finds the rule and does nothing.
   */
  async runSchema(text: string): Promise<void> {
    const deadline = Date.now() + this.maxRetryTimeMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.runSchemaOnce(text);
      } catch (error) {
        const lostRace = isRetriableError(error) || (error instanceof Neo4jError && error.code === 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists');
        if (!lostRace || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt) * (0.8 + Math.random() * 0.4)));
      }
    }
  }

  private async runSchemaOnce(text: string): Promise<void> {
    const session = this.driver.session({ database: this.database, bookmarkManager: this.bookmarks });
    const started = process.hrtime.bigint();
    let outcome: 'ok' | 'error' = 'error';
    try {
      await session.run(text);
      this.statementsRun++;
      outcome = 'ok';
    } finally {
      observeTransaction('write', 'schema', outcome, Number(process.hrtime.bigint() - started) / 1e9);
      await session.close();
    }
  }

  /** False while the database is marked down (without waiting), otherwise whether it accepts a connection now. */
  ping(): Promise<boolean> {
    return this.availability.ping();
  }

  close(): Promise<void> {
    this.availability.close();
    return this.driver.close();
  }

  private async inSession<T>(mode: 'READ' | 'WRITE', work: (tx: Tx) => Promise<T>, name: string): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
    });
    const txConfig = { timeout: this.timeoutMs, metadata: { app: 'identity-graph-api', operation: name } };
    // The events of the attempt that committed: a retried attempt starts with none.
    let events: [string, unknown][] = [];
    const unit = (managed: ManagedTransaction): Promise<T> => {
      events = [];
      return work({
        afterCommit: (topic, event) => {
          events.push([topic, event]);
        },
        run: async <P extends Params, R>(statement: Statement<P, R>, ...args: ArgsOf<P>): Promise<R[]> => {
          this.statementsRun++;
          if (!this.onStatement) {
            const result = await withoutCallSite(() => managed.run(statement.text, args[0] ?? {})).catch(retryRaced);
            return result.records.map((record) => toPlain(record.toObject()) as R);
          }
          const started = process.hrtime.bigint();
          try {
            const result = await withoutCallSite(() => managed.run(statement.text, args[0] ?? {})).catch(retryRaced);
            return result.records.map((record) => toPlain(record.toObject()) as R);
          } finally {
            this.onStatement(statement.name, Number(process.hrtime.bigint() - started) / 1e6);
          }
        },
      });
    };
    const started = process.hrtime.bigint();
    let outcome: 'ok' | 'error' = 'error';
    try {
      const result = await this.availability.guard(() =>
        mode === 'READ' ? session.executeRead(unit, txConfig) : session.executeWrite(unit, txConfig),
      );
      outcome = 'ok';
      this.deliver(events);
      return result;
    } catch (error) {
      // Whatever a statement failed with, once the server is known lost the answer is that it is unavailable.
      throw this.availability.isDown ? unavailable() : mapDatabaseError(error);
    } finally {
      observeTransaction(mode === 'READ' ? 'read' : 'write', name, outcome, Number(process.hrtime.bigint() - started) / 1e9);
      await session.close();
    }
  }
}
