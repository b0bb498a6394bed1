import { ResultSummary } from 'neo4j-driver';
import { ConcurrencyGate } from '../concurrency.gate';
import { observeTransaction } from '../metrics';
import { Params, Statement } from './cypher';
import { ArgsOf, Database, mapDatabaseError, toPlain } from './database';
import { EstimateCache } from './estimate.cache';

/** The limits of one bounded read: its statements' timeout and the planner's estimate none may exceed. */
export interface ReadBudget {
  /** Names the statements in metrics and in Neo4j's transaction metadata. */
  name: string;
  /** Timeout of each statement (each is its own auto-commit transaction). */
  timeoutMs: number;
  /** The most rows the planner may expect all operators of one statement to produce together. */
  maxEstimatedRows: number;
  /** The error to throw when a statement's estimate is over the budget (the caller's domain code). */
  refuse: (statement: string, estimatedRows: number) => Error;
  /** The planner's estimates already known, by statement and parameter shape; without it every statement is EXPLAINed. */
  estimates?: EstimateCache;
  /** Where statements expected to be heavy wait for a slot; without it none waits. */
  gate?: ConcurrencyGate;
  /** Statements the planner expects to produce at least this many rows take a slot of the gate (0: every statement). */
  gatedRows?: number;
}

/** Statements of one bounded read. */
export interface BoundedTx {
  /** Runs a statement after checking the planner's estimate for it (known, or asked for) against the budget. */
  run<P extends Params, R>(statement: Statement<P, R>, ...params: ArgsOf<P>): Promise<R[]>;
  /** The planner's estimate of the rows all operators of a statement produce together (EXPLAIN: nothing runs). */
  estimate<P extends Params, R>(statement: Statement<P, R>, ...params: ArgsOf<P>): Promise<number>;
}

type PlanNode = NonNullable<ResultSummary['plan']>;

/** Sum of EstimatedRows over every operator of a plan: the work the planner expects, in rows. */
export function estimatedRows(plan: PlanNode | false | undefined): number {
  if (!plan) return 0;
  const own = Number((plan.arguments as Record<string, unknown>)?.EstimatedRows ?? 0);
  return (Number.isFinite(own) ? own : 0) + (plan.children ?? []).reduce((sum, child) => sum + estimatedRows(child as PlanNode), 0);
}

/**
 * A read for expensive questions (analytics): every statement with its own timeout instead of the API's, checked
 * against the planner's estimate first, so one that the planner expects to touch more rows than the budget is
 * refused before it runs rather than holding the database until the timeout. The estimate comes from the budget's
 * cache when a statement of that text was planned with parameters of that shape lately, else from an EXPLAIN. Each
 * statement is an auto-commit read (one round trip; a transaction around them would add BEGIN and COMMIT, and
 * nothing here needs the statements of one question to see one snapshot), and one the planner expects to be heavy
 * waits for a slot of the budget's gate, so cheap questions are not queued behind expensive ones.
 */
export async function boundedRead<T>(db: Database, budget: ReadBudget, work: (tx: BoundedTx) => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  let outcome: 'ok' | 'error' = 'error';
  const options = { timeoutMs: budget.timeoutMs, operation: budget.name };
  const explain = async (statement: Statement<Params, unknown>, params: Params): Promise<number> => {
    const result = await db.autoCommitResult(`EXPLAIN ${statement.text}`, params, options);
    const rows = estimatedRows(result.summary.plan);
    budget.estimates?.set(statement.text, params, rows);
    return rows;
  };
  const estimate = (statement: Statement<Params, unknown>, params: Params): Promise<number> | number =>
    budget.estimates?.get(statement.text, params) ?? explain(statement, params);
  const tx: BoundedTx = {
    estimate: async (statement, ...params) => estimate(statement, params[0] ?? {}),
    run: async <P extends Params, R>(statement: Statement<P, R>, ...params: ArgsOf<P>): Promise<R[]> => {
      const args = params[0] ?? {};
      const rows = await estimate(statement, args);
      if (rows > budget.maxEstimatedRows) throw budget.refuse(statement.name, rows);
      const read = async () => (await db.autoCommitResult(statement.text, args, options)).records.map((record) => toPlain(record.toObject()) as R);
      return budget.gate && rows >= (budget.gatedRows ?? 0) ? budget.gate.run(read) : read();
    },
  };
  try {
    const result = await work(tx);
    outcome = 'ok';
    return result;
  } catch (error) {
    throw mapDatabaseError(error);
  } finally {
    observeTransaction('read', budget.name, outcome, Number(process.hrtime.bigint() - started) / 1e9);
  }
}
