import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '../platform/logger';
import { observeCacheStaleness, reportCache } from '../platform/metrics';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Row } from '../platform/neo4j/database';
import { APPS } from './app.registry';
import { IDENTITY_CHANGES_COMMITTED, IdentityCache, Invalidation } from './identity.cache';

const changesOfEveryApp = statement<Named<'cursors' | 'first'>>('identity/changes-of-every-app', ['cursors', 'first']);

/** Changes read per app and poll; an app with more is read again at once, without waiting for the next poll. */
const PAGE = 500;

export interface IdentityCacheTail {
  stop(): Promise<void>;
}

/** What a change read from the outbox makes the cache forget: its accounts (as its app names them) and its members. */
function invalidationOf(app: string, change: Row): Invalidation {
  const memberIds = [change.memberId as string | null, ...(change.mergedMemberIds as string[])].filter((id): id is string => Boolean(id));
  return { memberIds, refs: (change.accounts as string[]).map((externalId) => ({ app, externalId })) };
}

/**
 * Keeps an identity cache exact: this process's writes are forgotten as they commit (IDENTITY_CHANGES_COMMITTED,
 * published by change.outbox.ts), and every app's outbox is read from where it stood at start every `pollMs`, so
 * other instances' changes are forgotten within about one poll. An app's offsets commit in order (append-changes.cypher),
 * so reading after the last offset seen misses nothing; offsets missing in between are changes an erasure deleted
 * (its own notice, later, names the same accounts). On any doubt the whole cache is cleared: changes expired before
 * they were read (CHANGES_EXPIRED for a partner), or a read of the outbox that failed. A restart starts empty.
 * Does nothing with the cache off (IDENTITY_CACHE_MB=0).
 */
export function startIdentityCacheTail(db: Database, cache: IdentityCache, pollMs: number, log: Logger): IdentityCacheTail {
  if (!cache.enabled) return { stop: async () => undefined };
  const forgetOwn = db.onCommitted(IDENTITY_CHANGES_COMMITTED, (invalidation) => cache.invalidate(invalidation as Invalidation));
  const unreport = reportCache(() => {
    const stats = cache.stats();
    return { ...stats, lagSeconds: cache.lagMs() / 1000 };
  });
  const stop = new AbortController();
  let cursors: Map<string, number> | null = null;

  const read = (first: number) =>
    db.readOnLeader(changesOfEveryApp, { cursors: [...(cursors ?? new Map(APPS.map((app) => [app.code, 0])))].map(([app, after]) => ({ app, after: cypherInt(after) })), first: cypherInt(first) });

  /** Reads every app's changes after its cursor and forgets what they changed; true when every app's were read to their end. */
  const poll = async (): Promise<boolean> => {
    const rows = await read(PAGE);
    let toTheEnd = true;
    for (const row of rows) {
      const app = row.app as string;
      let cursor = cursors!.get(app) ?? 0;
      const pruned = Number(row.pruned);
      if (cursor < pruned) {
        log.warn({ app, after: cursor, pruned }, 'identity changes expired before this instance read them: identity cache cleared');
        cache.clear();
        cursor = pruned;
      }
      const changes = row.changes as Row[];
      for (const change of changes) {
        cache.invalidate(invalidationOf(app, change));
        observeCacheStaleness((Date.now() - (change.at as Date).getTime()) / 1000);
        cursor = Number(change.offset);
      }
      cursors!.set(app, cursor);
      if (changes.length >= PAGE) toTheEnd = false;
    }
    return toTheEnd;
  };

  const loop = (async () => {
    while (!stop.signal.aborted) {
      const startedAt = Date.now();
      let toTheEnd = true;
      try {
        if (!cursors) {
          // Where every app's changes stand now: the cache is empty, and whatever is read after this is either read
          // after these changes or changed by a later one that the next poll finds.
          cursors = new Map((await read(0)).map((row) => [row.app as string, Number(row.last)]));
          cache.start();
        } else {
          toTheEnd = await poll();
        }
        if (toTheEnd) cache.caughtUp(startedAt);
      } catch (error) {
        if (stop.signal.aborted) break;
        cache.clear();
        log.warn({ err: (error as Error).message }, 'reading the identity-change outbox failed: identity cache cleared, answering from the database until it is read again');
      }
      if (toTheEnd) await sleep(pollMs, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  })();

  return {
    stop: async () => {
      stop.abort();
      await loop;
      forgetOwn();
      unreport();
      cache.clear();
    },
  };
}
