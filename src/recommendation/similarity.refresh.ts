import { randomUUID } from 'node:crypto';
import { Logger } from '../platform/logger';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database } from '../platform/neo4j/database';
import { nextGeneration } from '../platform/neo4j/generation';
import { hasGraphDataScience } from '../platform/neo4j/graph.plugins';
import { EngineChoice, RecommendationConfig } from './recommendation.config';
import { HAVING_TYPES, jaccardTopK } from './ranking.rules';

/** Which code computes item similarity: GDS node similarity, or the Cypher co-purchase query. */
export type Engine = 'gds' | 'cypher';

/** What one refresh did. */
export interface SimilarityRefresh {
  engine: Engine;
  /** Items with at least one similar item. */
  items: number;
  /** SIMILAR relationships stored. */
  pairs: number;
  tookMs: number;
  at: Date;
  /**
   * Whether these pairs were left unstored because a refresh that began later (on another API instance) had stored
   * its own already: the stored neighbours are at least as fresh.
   */
  superseded: boolean;
}

type Pair = { a: string; b: string; score: number };

const gdsProject = statement<Named<'graph' | 'types'>>('recommendation/similarity-gds-project', ['graph', 'types']);
const gdsStream = statement<Named<'graph' | 'topK' | 'cutoff'>, Pair>('recommendation/similarity-gds-stream', ['graph', 'topK', 'cutoff']);
const gdsDrop = statement<Named<'graph'>>('platform/gds-graph-drop', ['graph']);
const cypherCoPurchase = statement<Named<'types'>, { a: string; b: string; both: number }>('recommendation/similarity-cypher-copurchase', ['types']);
const deleteSimilar = statement('recommendation/delete-similar', []);
const createSimilar = statement<Named<'pairs'>>('recommendation/create-similar', ['pairs']);
const refreshPopularity = statement<Named<'since' | 'types'>>('recommendation/refresh-popularity', ['since', 'types']);
const claimStore = statement<Named<'generation'>, { fresh: boolean }>('recommendation/claim-similarity-store', ['generation']);

const DAY_MS = 86_400_000;

/** The engine a choice resolves to on this database; `gds` without GDS is refused with a line saying what to do. */
export async function resolveEngine(db: Database, choice: EngineChoice): Promise<Engine> {
  if (choice === 'cypher') return 'cypher';
  const gds = await hasGraphDataScience(db);
  if (choice === 'gds' && !gds) {
    throw new Error('RECOMMENDATION_ENGINE=gds but the database has no Graph Data Science library: install it there, or use auto or cypher');
  }
  return gds ? 'gds' : 'cypher';
}

async function gdsPairs(db: Database, topK: number, cutoff: number): Promise<Pair[]> {
  const graph = `recommendation-similarity-${randomUUID()}`;
  try {
    const [projected] = await db.read((tx) => tx.run(gdsProject, { graph, types: [...HAVING_TYPES] }), 'similarity.project');
    if (!projected || !projected.relationships) return [];
    return await db.read((tx) => tx.run(gdsStream, { graph, topK: cypherInt(topK), cutoff }), 'similarity.gds');
  } finally {
    await db.read((tx) => tx.run(gdsDrop, { graph }), 'similarity.drop');
  }
}

async function cypherPairs(db: Database, topK: number, cutoff: number): Promise<Pair[]> {
  const rows = await db.read((tx) => tx.run(cypherCoPurchase, { types: [...HAVING_TYPES] }), 'similarity.cypher');
  return jaccardTopK(rows, topK, cutoff);
}

/** Item pairs computed from the graph as it was when a refresh began, numbered in the order refreshes began. */
export interface ComputedSimilarity {
  engine: Engine;
  generation: number;
  pairs: Pair[];
  startedMs: number;
}

/**
 * Computes which items are bought by the same members (Jaccard over the members who have each item, through their
 * accounts as linked now). The refresh is numbered before it reads, so that storing can tell an older computation
 * from a newer one whichever instance made it.
 */
export async function computeSimilarity(db: Database, config: RecommendationConfig['recommendation']): Promise<ComputedSimilarity> {
  const startedMs = Date.now();
  const engine = await resolveEngine(db, config.engine);
  const generation = await nextGeneration(db, 'item-similarity');
  const pairs = engine === 'gds' ? await gdsPairs(db, config.similarTopK, config.similarityCutoff) : await cypherPairs(db, config.similarTopK, config.similarityCutoff);
  return { engine, generation, pairs, startedMs };
}

/**
 * Replaces every SIMILAR relationship with the computed pairs and recomputes each item's popularity, in one transaction,
 * so a request reads either the old neighbours or the new ones, never a mix. Pairs computed before the ones stored are
 * not stored: two instances refreshing at once (two API replicas, or a refresh after an erasure beside a scheduled one)
 * would otherwise let the one that read first write last, bringing back what a later read no longer saw, such as an
 * erased member's purchases.
 */
export async function storeSimilarity(db: Database, config: RecommendationConfig['recommendation'], computed: ComputedSimilarity, now = new Date()): Promise<SimilarityRefresh> {
  const since = new Date(now.getTime() - config.popularityDays * DAY_MS).toISOString();
  const { pairs } = computed;
  const fresh = await db.write(async (tx) => {
    const [claim] = await tx.run(claimStore, { generation: cypherInt(computed.generation) });
    if (!claim.fresh) return false;
    await tx.run(deleteSimilar);
    for (let i = 0; i < pairs.length; i += 10_000) await tx.run(createSimilar, { pairs: pairs.slice(i, i + 10_000) });
    await tx.run(refreshPopularity, { since, types: [...HAVING_TYPES] });
    return true;
  }, 'similarity.store');
  return { engine: computed.engine, items: new Set(pairs.map((p) => p.a)).size, pairs: pairs.length, tookMs: Date.now() - computed.startedMs, at: new Date(), superseded: !fresh };
}

/** Computes item similarity and popularity and stores them unless a later refresh has stored its own. */
export async function refreshSimilarity(db: Database, config: RecommendationConfig['recommendation'], now = new Date()): Promise<SimilarityRefresh> {
  return storeSimilarity(db, config, await computeSimilarity(db, config), now);
}

/** What /readyz tells of item similarity. */
export interface SimilarityStatus {
  engine: Engine | null;
  lastRefreshAt: string | null;
  similarPairs: number | null;
  lastError: string | null;
  /** Refreshes that failed in a row since the last one that succeeded. */
  failuresInARow: number;
  /** When the refresh that failed is tried again, while it keeps failing. */
  nextRetryAt: string | null;
  /** What recommendations lack while refreshes fail, in a sentence; null when nothing is. */
  degraded: string | null;
}

/** Longest wait between tries when scheduled refreshes are off (RECOMMENDATION_REFRESH_MINUTES=0). */
const MAX_RETRY_MS = 15 * 60_000;

/**
 * Keeps item similarity fresh in the background: once at start-up, then every `refreshMinutes` (0: only at start-up
 * and on demand). A refresh that fails (a timeout on a busy database at start-up) is tried again after
 * `refreshRetrySeconds`, doubling with each failure in a row up to the refresh interval, rather than a whole interval
 * later; until one succeeds, status() says what is degraded. One refresh runs at a time; asking while one runs waits
 * for it and then runs once more.
 */
export class SimilarityRefresher {
  private timer?: NodeJS.Timeout;
  private soon?: NodeJS.Timeout;
  private running: Promise<SimilarityRefresh> | null = null;
  private last: SimilarityRefresh | null = null;
  private lastError: string | null = null;
  private failuresInARow = 0;
  private nextRetryAt: Date | null = null;
  private engine: Engine | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly config: RecommendationConfig['recommendation'],
    private readonly log: Logger,
  ) {}

  start(): void {
    const tick = (): void => {
      this.refreshNow()
        .then(() => (this.config.refreshMinutes > 0 ? this.config.refreshMinutes * 60_000 : null))
        .catch(() => this.retryDelayMs())
        .then((delay) => {
          this.nextRetryAt = this.failuresInARow > 0 && delay !== null ? new Date(Date.now() + delay) : null;
          if (!this.stopped && delay !== null) this.timer = setTimeout(tick, delay).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  /** The wait before trying a failed refresh again: doubling from refreshRetrySeconds, at most the refresh interval. */
  private retryDelayMs(): number {
    const ceiling = this.config.refreshMinutes > 0 ? this.config.refreshMinutes * 60_000 : MAX_RETRY_MS;
    const first = this.config.refreshRetrySeconds * 1000;
    return Math.min(ceiling, first * 2 ** Math.min(this.failuresInARow - 1, 30));
  }

  /**
   * Refreshes `erasureRefreshSeconds` from now, so an erased member's share of item similarity (an aggregate over all
   * members) goes within that time rather than at the next scheduled refresh; erasures meanwhile share the refresh.
   */
  refreshSoon(): void {
    if (this.stopped || this.soon || this.config.erasureRefreshSeconds <= 0) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.refreshNow().catch(() => undefined);
    }, this.config.erasureRefreshSeconds * 1000).unref();
  }

  /** Refreshes now (after the one running, if any). */
  async refreshNow(): Promise<SimilarityRefresh> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = refreshSimilarity(this.db, this.config);
    try {
      const done = await this.running;
      this.last = done;
      this.engine = done.engine;
      this.lastError = null;
      this.failuresInARow = 0;
      this.log.info({ ...done }, done.superseded ? 'item similarity computed, not stored: a refresh begun later had stored its own' : 'item similarity refreshed');
      return done;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.failuresInARow += 1;
      this.log.error({ err: error, failuresInARow: this.failuresInARow }, 'item similarity refresh failed');
      throw error;
    } finally {
      this.running = null;
    }
  }

  /** For /readyz: the engine in use, the last refresh, and what is degraded while refreshes fail. */
  async status(): Promise<SimilarityStatus> {
    if (!this.engine) this.engine = await resolveEngine(this.db, this.config.engine).catch(() => null);
    const failing = this.failuresInARow > 0;
    const kept = this.last ? `the similar items computed at ${this.last.at.toISOString()}` : 'no similar items at all (popular items only)';
    const retry = this.nextRetryAt ? `; next try at ${this.nextRetryAt.toISOString()}` : '';
    return {
      engine: this.engine,
      lastRefreshAt: this.last?.at.toISOString() ?? null,
      similarPairs: this.last?.pairs ?? null,
      lastError: this.lastError,
      failuresInARow: this.failuresInARow,
      nextRetryAt: failing ? (this.nextRetryAt?.toISOString() ?? null) : null,
      degraded: failing ? `item similarity refresh failed ${this.failuresInARow} time(s) in a row (${this.lastError}): recommendations use ${kept}${retry}` : null,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.soon);
    await this.running?.catch(() => undefined);
  }
}

const refreshers = new WeakMap<Database, SimilarityRefresher>();

/** The refresher of a database: the one the server started, or one made on first use (refreshRecommendations). */
export function refresherFor(db: Database, config: RecommendationConfig['recommendation'], log: Logger): SimilarityRefresher {
  let refresher = refreshers.get(db);
  if (!refresher) {
    refresher = new SimilarityRefresher(db, config, log);
    refreshers.set(db, refresher);
  }
  return refresher;
}
