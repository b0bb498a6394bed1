import { ConfigError, Env, int } from '../platform/config';
import { APPS } from './app.registry';

export interface WebhookTarget {
  app: string;
  url: string;
  /** Key of the HMAC-SHA256 signature the partner checks. */
  secret: string;
}

export interface WebhookConfig {
  targets: WebhookTarget[];
  /** Most changes in one POST. */
  batch: number;
  timeoutMs: number;
  /** Longest wait between two attempts (the backoff doubles from 500 ms up to it). */
  retryMaxMs: number;
  /** How long a process owns an app's delivery without renewing it; another process takes over after it. */
  leaseMs: number;
}

function targets(env: Env): WebhookTarget[] {
  const raw = env.IDENTITY_WEBHOOKS?.trim();
  if (!raw) return [];
  const problem = (why: string) => new ConfigError(`IDENTITY_WEBHOOKS must be a JSON list of {"app","url","secret"}: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw problem('it is not valid JSON');
  }
  if (!Array.isArray(parsed)) throw problem('it is not a list');
  const seen = new Set<string>();
  return parsed.map((entry) => {
    const { app, url, secret } = (entry ?? {}) as Record<string, unknown>;
    if (typeof app !== 'string' || !APPS.some((a) => a.code === app)) throw problem(`unknown app ${JSON.stringify(app)}`);
    if (seen.has(app)) throw problem(`${app} is listed twice`);
    seen.add(app);
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(String(url));
    } catch {
      throw problem(`the url of ${app} is not a URL`);
    }
    if (!['http:', 'https:'].includes(parsedUrl.protocol)) throw problem(`the url of ${app} must be http or https`);
    if (typeof secret !== 'string' || secret.length < 16) throw problem(`the secret of ${app} must be at least 16 characters`);
    return { app, url: parsedUrl.toString(), secret };
  });
}

/** Reads the partner webhooks (IDENTITY_WEBHOOKS) and how they are delivered (WEBHOOK_*). */
export function loadWebhookConfig(env: Env): WebhookConfig {
  return {
    targets: targets(env),
    batch: int(env, 'WEBHOOK_BATCH', 100, 1, 1000),
    timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 5000, 100, 120_000),
    retryMaxMs: int(env, 'WEBHOOK_RETRY_MAX_MS', 60_000, 500, 3_600_000),
    leaseMs: int(env, 'WEBHOOK_LEASE_MS', 30_000, 1000, 3_600_000),
  };
}
