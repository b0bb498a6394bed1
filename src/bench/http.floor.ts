import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers one request of the HTTP floor: the parsed JSON body in, the JSON text of the response out. */
export type HttpFloorRoute = (body: { variables?: Record<string, any> }) => Promise<string>;

/** The HTTP floor's answer to resolveIdentity, in the API's shape, from the row of bench/resolve-identity-floor. */
export const resolveFloorAnswer = (row: Record<string, any> | undefined): string =>
  JSON.stringify({ data: { resolveIdentity: row ? { member: { id: row.memberId }, linkedApps: row.linkedApps, account: { id: row.accountId } } : null } });

export interface HttpFloor {
  /** The URL of a route, e.g. url('/resolve'). */
  url(route: string): string;
  stop(): Promise<void>;
}

/**
 * bench:api's "HTTP floor": a bare `node:http` server on 127.0.0.1 (keep-alive and TCP_NODELAY as Node's defaults),
 * no framework, no GraphQL. Each POST to a route's path is read whole, JSON.parse'd and handed to the route, whose
 * text is sent back as `application/json`; an unknown path is a 404, a body that is not JSON a 400 and a failed route a
 * 500 with an `errors` entry, so the load generator counts them as errors. It is what any HTTP API on Node pays per
 * request on top of its database work: the API minus GraphQL, Apollo and our layer.
 */
export async function startHttpFloor(routes: Record<string, HttpFloorRoute>): Promise<HttpFloor> {
  const server = http.createServer((req, res) => {
    // As the API answers: headers set, then end() with the whole text, so Node sends a content-length, not chunks.
    const send = (status: number, text: string): void => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(text);
    };
    const route = req.method === 'POST' ? routes[req.url ?? ''] : undefined;
    if (!route) {
      req.resume();
      return send(404, JSON.stringify({ errors: [{ message: `POST to one of ${Object.keys(routes).join(', ')}` }] }));
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: { variables?: Record<string, any> };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, JSON.stringify({ errors: [{ message: 'The request body is not valid JSON' }] }));
      }
      route(body).then(
        (text) => send(200, text),
        (error: unknown) => send(500, JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] })),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: (route) => `http://127.0.0.1:${port}${route}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
