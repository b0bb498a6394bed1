import neo4j, { ManagedTransaction, ResultSummary } from 'neo4j-driver';
import { observeTransaction } from '../metrics';
import { Params, Statement } from './cypher';
import { ArgsOf, Database, mapDatabaseError, toPlain } from './database';

/** The limits of one bounded read: its own transaction timeout and the planner's estimate it may not exceed. */
export interface ReadBudget {
  /** Names the transaction in metrics and in Neo4j's transaction metadata. */
  name: string;
  timeoutMs: number;
  /** The most rows the planner may expect all operators of one statement to produce together. */
  maxEstimatedRows: number;
  /** The error to throw when a statement's estimate is over the budget (the caller's domain code). */
  refuse: (statement: string, estimatedRows: number) => Error;
}

/** Statements of one bounded read transaction. */
export interface BoundedTx {
  /** Runs a statement after checking the planner's estimate for it against the budget. */
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
 * A read transaction for expensive questions (analytics): its own timeout instead of the API's, and every statement
 * EXPLAINed first, inside the same transaction, so one that the planner expects to touch more rows than the budget
 * is refused before it runs rather than holding the database until the timeout. (It opens its own session on the
 * gateway's driver because Database.read has one timeout for every transaction.)
 */
export async function boundedRead<T>(db: Database, database: string, budget: ReadBudget, work: (tx: BoundedTx) => Promise<T>): Promise<T> {
  const session = db.driver.session({ database, defaultAccessMode: neo4j.session.READ });
  const started = process.hrtime.bigint();
  let outcome: 'ok' | 'error' = 'error';
  const unit = (managed: ManagedTransaction): Promise<T> => {
    const estimate = async (statement: Statement<Params, unknown>, params: Params): Promise<number> => {
      const result = await managed.run(`EXPLAIN ${statement.text}`, params);
      return estimatedRows(result.summary.plan);
    };
    return work({
      estimate: (statement, ...params) => estimate(statement, params[0] ?? {}),
      run: async <P extends Params, R>(statement: Statement<P, R>, ...params: ArgsOf<P>): Promise<R[]> => {
        const rows = await estimate(statement, params[0] ?? {});
        if (rows > budget.maxEstimatedRows) throw budget.refuse(statement.name, rows);
        db.statementsRun++;
        const result = await managed.run(statement.text, params[0] ?? {});
        return result.records.map((record) => toPlain(record.toObject()) as R);
      },
    });
  };
  try {
    const result = await session.executeRead(unit, { timeout: budget.timeoutMs, metadata: { app: 'identity-graph-api', operation: budget.name } });
    outcome = 'ok';
    return result;
  } catch (error) {
    throw mapDatabaseError(error);
  } finally {
    observeTransaction('read', budget.name, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    await session.close();
  }
}
