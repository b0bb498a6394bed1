import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database } from '../platform/neo4j/database';
import { SignalSeed } from './catalog.seed';
import { Evidence, HAVING_TYPES } from './ranking.rules';
import { CrossAppSignal } from './recommendation.type';

type EvidenceParams = Named<'memberIds' | 'app' | 'now' | 'sameAppOnly' | 'strongTypes' | 'historyLimit' | 'perCategoryLimit' | 'popularLimit'>;

export const memberEvidenceStatement = statement<EvidenceParams, Evidence & { memberId: string }>('recommendation/member-evidence', [
  'memberIds',
  'app',
  'now',
  'sameAppOnly',
  'strongTypes',
  'historyLimit',
  'perCategoryLimit',
  'popularLimit',
]);
const signalsStatement = statement<Named<'app'>, { signal: CrossAppSignal }>('recommendation/signals', ['app']);
const setSignalStatement = statement<Named<'signal'>, { signal: CrossAppSignal }>('recommendation/set-signal', ['signal']);
const removeSignalStatement = statement<Named<'fromApp' | 'fromCategory' | 'toApp' | 'toCategory'>, { removed: number }>('recommendation/remove-signal', [
  'fromApp',
  'fromCategory',
  'toApp',
  'toCategory',
]);
const itemAppStatement = statement<Named<'itemId'>, { app: string; category: string; brandId: string | null }>('recommendation/item-app', ['itemId']);

/** How much history one request reads: the newest events of the member, enough for every signal window. */
export const HISTORY_LIMIT = 200;
const PER_CATEGORY_LIMIT = 20;

/** The parameters of member-evidence, shared by the service and the benchmark's raw-Cypher side. */
export function evidenceParams(memberIds: readonly string[], app: string, now: Date, sameAppOnly: boolean, first: number): EvidenceParams {
  return {
    memberIds,
    app,
    now: now.toISOString(),
    sameAppOnly,
    strongTypes: [...HAVING_TYPES],
    historyLimit: cypherInt(HISTORY_LIMIT),
    perCategoryLimit: cypherInt(PER_CATEGORY_LIMIT),
    popularLimit: cypherInt(Math.max(first, 10) * 2),
  };
}

/** Everything ranking needs for some members and one app in one statement, by member id; unknown members are absent. */
export async function readEvidence(db: Database, params: EvidenceParams): Promise<Map<string, Evidence>> {
  const rows = await db.readOne(memberEvidenceStatement, params);
  return new Map(rows.map((row) => [row.memberId, row]));
}

export async function listSignals(db: Database, app: string | null): Promise<CrossAppSignal[]> {
  return (await db.readOne(signalsStatement, { app: app ?? null })).map((r) => r.signal);
}

export async function setSignal(db: Database, signal: SignalSeed): Promise<CrossAppSignal> {
  const [row] = await db.writeOne(setSignalStatement, { signal });
  return row.signal;
}

export async function removeSignal(db: Database, key: Pick<SignalSeed, 'fromApp' | 'fromCategory' | 'toApp' | 'toCategory'>): Promise<boolean> {
  const [row] = await db.writeOne(removeSignalStatement, key);
  return row.removed > 0;
}

export async function itemApp(db: Database, itemId: string): Promise<{ app: string; category: string; brandId: string | null } | null> {
  const [row] = await db.readOne(itemAppStatement, { itemId });
  return row ?? null;
}
