import { Neo4jError } from 'neo4j-driver';
import { AppError, ErrorCode } from '../errors';
import { logger } from '../logger';

/** How long a transaction may wait before we check whether the server is still there. */
const SUSPECT_AFTER_MS = 500;
/** How often the server is checked: while a transaction is slow, and while it is down. */
const CHECK_EVERY_MS = 1_000;

const CONNECTIVITY_CODES = new Set(['ServiceUnavailable', 'SessionExpired']);
// Answered by a reachable server that cannot serve this database now: fail the request, keep the breaker closed.
const SERVING_CODES = new Set(['Neo.ClientError.Cluster.NotALeader', 'Neo.TransientError.General.DatabaseUnavailable']);

/** True when the error says the server could not be reached, as opposed to a statement or transient failure. */
export function isConnectivityError(error: unknown): boolean {
  return error instanceof Neo4jError && (CONNECTIVITY_CODES.has(error.code) || /connect|ECONNREFUSED|ECONNRESET/i.test(error.message));
}

/** The one classifier of "the database is unavailable": unreachable, or reachable but not serving the database. */
export function isUnavailableError(error: unknown): boolean {
  return isConnectivityError(error) || (error instanceof Neo4jError && SERVING_CODES.has(error.code));
}

export const unavailable = (): AppError => new AppError(ErrorCode.DATABASE_UNAVAILABLE, 'The database is unavailable right now; retry shortly');

/**
 * A circuit breaker over the connection to Neo4j. The driver retries a lost connection like any transient failure,
 * for up to its retry time, so without this every request would hang that long while the database is down.
 * Instead, a connectivity failure (or a slow transaction whose check cannot connect) marks the database down: the
 * waiting transactions and every new one fail at once with DATABASE_UNAVAILABLE, and a background check every
 * second marks it up again as soon as the server answers, with no restart.
 */
export class Availability {
  private down = false;
  private closed = false;
  private checking = false;
  private lastCheckAt = 0;
  private probeTimer?: NodeJS.Timeout;
  private readonly waiting = new Set<() => void>();

  /** `check` resolves when the server accepts a connection (driver.verifyConnectivity). */
  constructor(private readonly check: () => Promise<unknown>) {}

  get isDown(): boolean {
    return this.down;
  }

  /** Throws DATABASE_UNAVAILABLE while the database is marked down. */
  assertUp(): void {
    if (this.down) throw unavailable();
  }

  /**
   * Starts `transaction` and settles like it, unless the database is marked down first: then rejects at once with
   * DATABASE_UNAVAILABLE (closing the session then stops the driver's pending retries).
   */
  guard<T>(transaction: () => Promise<T>): Promise<T> {
    this.assertUp();
    return new Promise<T>((resolve, reject) => {
      const watch = setInterval(() => void this.suspect(), SUSPECT_AFTER_MS).unref();
      const done = (): void => {
        clearInterval(watch);
        this.waiting.delete(giveUp);
      };
      const giveUp = (): void => {
        done();
        reject(unavailable());
      };
      this.waiting.add(giveUp);
      transaction().then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          if (isConnectivityError(error)) this.markDown();
          reject(error);
        },
      );
    });
  }

  /** For /readyz: false while marked down, otherwise whether the server accepts a connection now. */
  async ping(): Promise<boolean> {
    if (this.down) return false;
    try {
      await this.check();
      return true;
    } catch (error) {
      if (isConnectivityError(error)) this.markDown();
      return false;
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.probeTimer);
    for (const giveUp of [...this.waiting]) giveUp();
  }

  private markDown(): void {
    if (this.down || this.closed) return;
    this.down = true;
    logger.warn('the database cannot be reached: failing requests fast until it answers again');
    for (const giveUp of [...this.waiting]) giveUp();
    this.probe();
  }

  private probe(): void {
    this.check().then(
      () => {
        if (this.closed) return;
        this.down = false;
        logger.info('the database answers again');
      },
      () => {
        if (this.closed) return;
        this.probeTimer = setTimeout(() => this.probe(), CHECK_EVERY_MS).unref();
      },
    );
  }

  /** A transaction is slow: check the connection, at most one check at a time and one a second. */
  private async suspect(): Promise<void> {
    if (this.down || this.closed || this.checking || Date.now() - this.lastCheckAt < CHECK_EVERY_MS) return;
    this.checking = true;
    this.lastCheckAt = Date.now();
    try {
      await this.check();
    } catch (error) {
      if (isConnectivityError(error)) this.markDown();
    } finally {
      this.checking = false;
    }
  }
}
