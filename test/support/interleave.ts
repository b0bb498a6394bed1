import { Database, Tx } from '../../src/platform/neo4j/database';
import { inline } from './graph';

const lockMembers = inline('test/lock-members', 'MATCH (m:Member) WHERE m.id IN $ids SET m.version = coalesce(m.version, 0) + 1 RETURN count(m) AS locked');
const blockedCount = inline(
  'test/blocked-transactions',
  "SHOW TRANSACTIONS YIELD metaData, status WHERE metaData.operation = $operation AND status STARTS WITH 'Blocked' RETURN count(*) AS n",
);

export interface Paused {
  /** The database to hand to the writer that must stop. */
  db: Database;
  /** Resolves when its transaction is about to run the statement (it holds what it locked before). */
  reached: Promise<void>;
  /** Lets it run the statement and go on. */
  release(): void;
}

/**
 * A view of the database whose first write transaction to run the named statement stops right before it until
 * released: the steps of two concurrent writers can then run in a chosen order, deterministically.
 */
export function pausedBefore(db: Database, statementName: string): Paused {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let paused = false;
  const pausing = (tx: Tx): Tx => ({
    run: async (statement, ...params) => {
      if (statement.name === statementName && !paused) {
        paused = true;
        reach();
        await released;
      }
      return tx.run(statement, ...params);
    },
    afterCommit: (topic, event) => tx.afterCommit(topic, event),
  });
  const view = Object.create(db) as Database;
  view.write = (work, name) => db.write((tx) => work(pausing(tx)), name);
  return { db: view, reached, release };
}

/**
 * Write-locks members in a transaction of its own, as a slow concurrent writer would, until the returned function
 * releases them (it resolves once that transaction has committed): statements that read the members before they lock
 * them line up behind it, having read.
 */
export async function holdMembers(db: Database, ids: string[]): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const done = db.write(async (tx) => {
    await tx.run(lockMembers, { ids });
    holding();
    await released;
  }, 'test-hold-members');
  await Promise.race([held, done]);
  return async () => {
    release();
    await done;
  };
}

/** Waits until `count` transactions of an operation (the name given to Database.write) wait for a lock. */
export async function untilBlocked(db: Database, operation: string, count = 1, timeoutMs = 15_000): Promise<void> {
  for (const started = Date.now(); ; ) {
    const [row] = await db.readOne(blockedCount, { operation });
    if (Number(row.n) >= count) return;
    if (Date.now() - started > timeoutMs) throw new Error(`no ${count} transaction(s) of ${operation} waited for a lock within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Settles when the writer has finished, or waits for a lock (it went as far as it can while another holds it). */
export async function finishedOrBlocked(db: Database, operation: string, writer: Promise<unknown>): Promise<void> {
  let done = false;
  void writer.finally(() => (done = true)).catch(() => undefined);
  for (;;) {
    if (done) return;
    const [row] = await db.readOne(blockedCount, { operation });
    if (Number(row.n) >= 1) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
