import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '../platform/logger';
import { Database } from '../platform/neo4j/database';
import { APPS } from './app.registry';
import { pruneChanges } from './change.repository';

const DAY_MS = 86_400_000;
/** Changes expire by the day: looking once an hour keeps each at most an hour past its retention. */
const PRUNE_EVERY_MS = 3_600_000;

/** Deletes every app's identity changes older than `retentionDays` before `now`; answers how many per app that lost some. */
export async function pruneExpiredChanges(db: Database, retentionDays: number, now = new Date()): Promise<Record<string, number>> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const deleted: Record<string, number> = {};
  for (const { code } of APPS) {
    const n = await pruneChanges(db, code, cutoff);
    if (n) deleted[code] = n;
  }
  return deleted;
}

export interface ChangeRetention {
  stop(): Promise<void>;
}

/**
 * Prunes the outbox at start-up and every hour, on every instance: a prune holds an app's sequence while it deletes,
 * so two instances pruning at once take turns and the second finds nothing left to do.
 */
export function startChangeRetention(db: Database, retentionDays: number, log: Logger): ChangeRetention {
  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      try {
        const deleted = await pruneExpiredChanges(db, retentionDays);
        if (Object.keys(deleted).length) log.info({ deleted, retentionDays }, 'expired identity changes deleted');
      } catch (error) {
        if (!stop.signal.aborted) log.warn({ err: (error as Error).message }, 'pruning expired identity changes failed; trying again later');
      }
      await sleep(PRUNE_EVERY_MS, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  })();
  return {
    stop: async () => {
      stop.abort();
      await loop;
    },
  };
}
