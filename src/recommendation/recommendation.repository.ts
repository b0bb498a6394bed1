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
const itemsAppStatement = statement<Named<'itemIds'>, { id: string; app: string; category: string; brandId: string | null }>('recommendation/items-app', ['itemIds']);

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

export type ItemPlace = { app: string; category: string; brandId: string | null };

/** Where each of the given items is sold (app, category, brand); items not in the catalog are missing from the map. */
export async function itemPlaces(db: Database, itemIds: string[]): Promise<Map<string, ItemPlace>> {
  if (!itemIds.length) return new Map();
  const rows = await db.readOne(itemsAppStatement, { itemIds });
  return new Map(rows.map((r) => [r.id, { app: r.app, category: r.category, brandId: r.brandId }]));
}
