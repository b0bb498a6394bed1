import { setTimeout as sleep } from 'node:timers/promises';
import { Database } from '../platform/neo4j/database';
import { IdentityChange } from './change.type';
import { lastOffset, readChanges } from './change.repository';

const PAGE = 100;

/**
 * The changes of an app after an offset (null: after the newest one), then each new one as it commits: read from the
 * outbox in pages, and polled every `pollMs` once caught up. An app's offsets commit in order (append-changes.cypher), so
 * reading after the last offset seen misses nothing, whichever API instance wrote the change. Returning (the client
 * unsubscribed or the server stops) ends the wait at once, and a read that fails after that is not an error.
 */
export function changeStream(db: Database, app: string, after: number | null, pollMs: number): AsyncIterableIterator<IdentityChange> {
  const stop = new AbortController();
  const changes = (async function* (): AsyncGenerator<IdentityChange> {
    try {
      let cursor = after ?? (await lastOffset(db, app));
      while (!stop.signal.aborted) {
        const page = await readChanges(db, app, cursor, PAGE);
        for (const change of page) {
          cursor = Number(change.offset);
          yield change;
        }
        if (page.length < PAGE) await sleep(pollMs, undefined, { signal: stop.signal });
      }
    } catch (error) {
      if (!stop.signal.aborted) throw error;
    }
  })();
  return {
    next: () => changes.next(),
    return: (value?: unknown) => {
      stop.abort();
      return changes.return(value);
    },
    throw: (error?: unknown) => {
      stop.abort();
      return changes.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
