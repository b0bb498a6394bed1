import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../platform/errors';
import { Logger } from '../platform/logger';
import { Database } from '../platform/neo4j/database';
import { readChanges } from './change.repository';
import { IdentityChange } from './change.type';
import { IdentityErrorCode } from './identity.errors';
import { WebhookConfig, WebhookTarget } from './webhook.config';
import { advanceDelivery, claimDelivery, releaseDelivery } from './webhook.repository';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook.signature';

const FIRST_RETRY_MS = 500;

/** The wait before attempt `n + 1` after `n` failures: doubling from 500 ms up to `maxMs`, with full jitter. */
export function backoffMs(failures: number, maxMs: number, random = Math.random): number {
  return Math.round(random() * Math.min(maxMs, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 30)));
}

/** The body partners receive: their app and its changes, oldest first, as identityChanges answers them. */
export function webhookBody(app: string, changes: IdentityChange[]): string {
  return JSON.stringify({ app, changes: changes.map((c) => ({ ...c, at: c.at.toISOString() })) });
}

/**
 * The body that tells a partner that the changes after its cursor up to `through` expired before they could be
 * delivered (it was unreachable for longer than IDENTITY_CHANGES_RETENTION_DAYS): it must resynchronize its copy.
 */
export function expiryBody(app: string, after: number, through: number): string {
  return JSON.stringify({ app, changes: [], expired: { after: String(after), through: String(through) } });
}

/** The batch to send next from a cursor: changes, or the notice that some expired (CHANGES_EXPIRED) and where to go on. */
async function nextBatch(db: Database, app: string, offset: number, batch: number): Promise<{ body: string; offsets: string; last: number } | null> {
  try {
    const changes = await readChanges(db, app, offset, batch);
    if (!changes.length) return null;
    const last = changes[changes.length - 1].offset;
    return { body: webhookBody(app, changes), offsets: `${changes[0].offset}-${last}`, last: Number(last) };
  } catch (error) {
    if (!(error instanceof AppError) || error.extensions.code !== IdentityErrorCode.CHANGES_EXPIRED) throw error;
    const through = Number(error.extensions.resumeAfter);
    return { body: expiryBody(app, offset, through), offsets: `${offset + 1}-${through}`, last: through };
  }
}

export interface WebhookDelivery {
  /** Stops after the attempt in flight and gives up the leases. */
  stop(): Promise<void>;
}

/**
 * Delivers each configured app's identity changes to its webhook, from the outbox in the graph, at least once and in
 * offset order (so in order per member): a batch is POSTed, signed, and retried with backoff until the partner
 * answers 2xx; only then does the cursor in the graph move past it. A process that dies mid-batch leaves the cursor
 * where it was, and whoever takes the app's lease next (this process restarted, or another after WEBHOOK_LEASE_MS)
 * sends that batch again: partners deduplicate by offset. One process at a time holds an app's lease, so two API
 * instances never deliver one app's changes out of order.
 */
export function startWebhookDelivery(db: Database, config: WebhookConfig, pollMs: number, log: Logger): WebhookDelivery {
  const owner = randomUUID();
  const stop = new AbortController();
  const pause = (ms: number) => sleep(ms, undefined, { signal: stop.signal }).catch(() => undefined);

  async function post(target: WebhookTarget, body: string, offsets: string): Promise<boolean> {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(target.secret, timestamp, body),
          'x-identity-offsets': offsets,
        },
        body,
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(config.timeoutMs)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return true;
      log.warn({ app: target.app, status: res.status }, 'webhook refused; retrying');
    } catch (error) {
      if (!stop.signal.aborted) log.warn({ app: target.app, err: (error as Error).message }, 'webhook unreachable; retrying');
    }
    return false;
  }

  async function deliver(target: WebhookTarget): Promise<void> {
    while (!stop.signal.aborted) {
      try {
        const offset = await claimDelivery(db, target.app, owner, config.leaseMs);
        if (offset === null) {
          await pause(Math.min(config.leaseMs / 2, 5000));
          continue;
        }
        const next = await nextBatch(db, target.app, offset, config.batch);
        if (!next) {
          await pause(pollMs);
          continue;
        }
        for (let failures = 0; !stop.signal.aborted; ) {
          if (await post(target, next.body, next.offsets)) {
            await advanceDelivery(db, target.app, owner, next.last, config.leaseMs);
            break;
          }
          await pause(backoffMs(++failures, config.retryMaxMs));
          // Renew the lease while retrying; once it is lost another process sends this batch, so stop here.
          if ((await claimDelivery(db, target.app, owner, config.leaseMs)) === null) break;
        }
      } catch (error) {
        if (stop.signal.aborted) return;
        log.warn({ app: target.app, err: (error as Error).message }, 'webhook delivery failed; retrying');
        await pause(Math.min(config.retryMaxMs, 2000));
      }
    }
  }

  const loops = config.targets.map((target) => deliver(target));
  return {
    stop: async () => {
      stop.abort();
      await Promise.all(loops);
      await Promise.all(config.targets.map((t) => releaseDelivery(db, t.app, owner).catch(() => undefined)));
    },
  };
}
