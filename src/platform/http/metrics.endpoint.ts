import { createHash, timingSafeEqual } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { countHttpRequest, metricsExposition } from '../metrics';

export interface MetricsAccess {
  /** When set, every scrape must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** When set, /metrics is served on this port of 127.0.0.1 (and on the public port only with a token). */
  port?: number;
  production: boolean;
}

/**
 * Whether the public port serves /metrics: with a token always; without one only outside production and when no
 * metrics port is set, so a production server never shows its metrics to anyone who can reach the API.
 */
export function metricsOnPublicPort(access: MetricsAccess): boolean {
  return access.token !== undefined || (!access.production && access.port === undefined);
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  // Digests have one length, so the comparison takes the same time whatever was sent.
  return match !== null && timingSafeEqual(digest(match[1]), digest(token));
}

/** Answers a scrape: the Prometheus exposition, or 401 UNAUTHENTICATED without the token. */
export async function sendMetrics(req: IncomingMessage, res: ServerResponse, token: string | undefined): Promise<void> {
  if (!authorized(req, token)) {
    res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer' });
    res.end(JSON.stringify({ errors: [{ message: 'Scraping /metrics needs Authorization: Bearer <METRICS_TOKEN>', extensions: { code: 'UNAUTHENTICATED' } }] }));
    return;
  }
  const { contentType, body } = await metricsExposition();
  res.writeHead(200, { 'content-type': contentType }).end(body);
}

/** Serves /metrics alone on 127.0.0.1:port, for a scraper on the same host; resolves with the bound port. */
export async function startMetricsServer(port: number, token: string | undefined): Promise<{ port: number; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    res.on('finish', () => countHttpRequest(pathname, res.statusCode));
    if (pathname !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ errors: [{ message: 'Only /metrics is served on this port', extensions: { code: 'NOT_FOUND' } }] }));
      return;
    }
    sendMetrics(req, res, token).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
