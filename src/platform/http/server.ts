import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { LimitsConfig } from '../config';
import { AppError, ErrorCode } from '../errors';
import { Logger } from '../logger';
import { countHttpRequest } from '../metrics';
import { sendExplorer } from './explorer.page';
import { sendGraphiQLAsset, sendGraphiQLPage } from './graphiql';
import { HTTP_ERROR_CODES, HttpError } from './http.error';
import { metricsOnPublicPort, sendMetrics, startMetricsServer } from './metrics.endpoint';
import { metricsPlugin, RequestScope } from './metrics.plugin';
import { apolloForgetfulCache } from './persisted.queries';
import { RateLimits } from './rate.limits';
import { RequestGuard } from './request.guard';
import { Caller, serveWebSocket } from './websocket.transport';

/** Codes whose messages were written for the client; anything else is masked. */
const SAFE_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  ...HTTP_ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** What the server needs from the per-request context: the request's logger. */
export type ServerScope = RequestScope;

export interface HttpServerOptions<TContext extends ServerScope, TCaller extends Caller = Caller> {
  schema: GraphQLSchema;
  port: number;
  host: string;
  bodyLimitBytes: number;
  /** Origins whose pages may call /graphql from a browser (CORS); empty: none. */
  corsOrigins?: readonly string[];
  log: Logger;
  /**
   * Checks a request's (or a WebSocket connection's) Authorization header: the caller, or an AppError (UNAUTHENTICATED
   * with extensions.http.status 401) that refuses it.
   */
  authenticate: (authorization: string | undefined) => Promise<TCaller>;
  /** Builds the context of one operation of an authenticated caller. */
  context: (requestId: string, caller: TCaller) => Promise<TContext> | TContext;
  /** True when the database answers. */
  ready: () => Promise<boolean>;
  /**
   * What /readyz reports beside its status (which engines run), when the database is reachable, and what is degraded:
   * the server still serves (200), with status `degraded` and a sentence per part that does not work as it should.
   */
  readyDetails?: () => Promise<{ details: Record<string, unknown>; degraded: string[] }>;
  /** Production hides introspection, field suggestions, the IDE and the values of the limits. */
  production: boolean;
  limits: LimitsConfig;
  rateLimits: RateLimits;
  /**
   * Serves subscriptions over WebSocket (graphql-ws, websocket.transport.ts) to callers for whom this is true (those
   * who may use some subscription); others are refused when they connect. Unset: no WebSocket endpoint.
   */
  subscriber?: (caller: TCaller) => boolean;
  /** Ways in besides /graphql, by path (POST with a JSON body); see Route. */
  routes?: Record<string, Route<TContext, TCaller>>;
}

/** What a route is given for one authenticated request. */
export interface RouteRequest<TContext, TCaller extends Caller = Caller> {
  /** The JSON body. */
  body: unknown;
  caller: TCaller;
  context: TContext;
  /** Takes the request's rate points beyond the first (taken on arrival), from the IP and the token: RATE_LIMITED (429). */
  charge(points: number): Promise<void>;
  /** Runs a piece of work in a slot of the request gate (GRAPHQL_MAX_CONCURRENT), as a GraphQL execution: SERVER_BUSY (503). */
  run<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * A way in other than GraphQL (POST /export/segment): it passes the same checks in the same order (IP point on
 * arrival, body limit, token, token point, its own points charged before anything is read, the request gate around
 * its reads), then answers on the response itself. An error thrown before the answer started is answered like a
 * refusal of a GraphQL request, `{ errors: [{ message, extensions }] }` with the status of its code.
 */
export type Route<TContext, TCaller extends Caller = Caller> = (request: RouteRequest<TContext, TCaller>, res: ServerResponse) => Promise<void>;

/** HTTP status of a coded error answered outside GraphQL: what the code says of whose fault it is. */
export function statusOfCode(code: string): number {
  switch (code) {
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
    case ErrorCode.MEMBER_MERGED:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.INTERNAL_SERVER_ERROR:
      return 500;
    case ErrorCode.DATABASE_UNAVAILABLE:
      return 503;
    case ErrorCode.TIMEOUT:
      return 504;
    default:
      // A domain's "busy" (ANALYTICS_BUSY, like SERVER_BUSY) is the server's state, not the request's fault.
      return code.endsWith('_BUSY') ? 503 : 400;
  }
}

export interface RunningServer {
  url: string;
  port: number;
  /** The loopback port serving /metrics, when METRICS_PORT is set. */
  metricsPort?: number;
  /** Stops accepting connections and waits for in-flight requests to finish. */
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large'));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Only `application/json` (any parameters, such as a charset) is a JSON body; a form or text body never is. */
function isJsonBody(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Headers a browser page of another origin may send, and read, on /graphql. */
const CORS_REQUEST_HEADERS = 'authorization, content-type, accept, x-request-id';
const CORS_EXPOSED_HEADERS = 'x-request-id, retry-after';

/**
 * CORS for /graphql: a request from an allowed origin is answered with that origin in Access-Control-Allow-Origin
 * (never `*`, never credentials: callers send bearer tokens, not cookies), and a preflight (OPTIONS) is answered here,
 * before rate limits and GraphQL. Answers whether the request was a preflight, now answered.
 */
function applyCors(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  res.setHeader('vary', 'Origin');
  const trusted = typeof origin === 'string' && allowed.has(origin);
  if (trusted) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS);
  }
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('allow', 'GET, POST, OPTIONS');
  if (trusted) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', CORS_REQUEST_HEADERS);
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(204).end();
  return true;
}

function wantsHtml(req: IncomingMessage, url: URL): boolean {
  return req.method === 'GET' && !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html');
}

/** Masks every error whose code is not one we wrote for clients, and never lets a stack trace out. */
export function formatError(log: Logger, production = false) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? '');
    if (isUncodedClientError(error)) {
      // Apollo refuses some requests (a persisted query hash that is not the query's) with a 4xx and no code.
      return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_REQUEST' } };
    }
    // Domains add codes of their own; any AppError was written for the client, whatever its code.
    if (SAFE_CODES.has(code) || unwrapResolverError(error) instanceof AppError) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      // Production names no limit, and no field the caller did not already name (a suggestion reveals the schema).
      const message = production ? formatted.message.replace(/more tha[nt] \d+ tokens/, 'too many tokens').replace(/ ?Did you mean .+\?/g, '') : formatted.message;
      return { ...formatted, message, extensions };
    }
    log.error({ err: error, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function isUncodedClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: number } | undefined)?.status;
  return status !== undefined && status >= 400 && status < 500;
}

/**
 * Serves GraphQL over HTTP at /graphql (POST and GET, application/json and application/graphql-response+json),
 * GraphiQL to browsers at GET /graphql, the analysts' explorer at /explorer (explorer.page.ts), /healthz (process alive), /readyz (database reachable) and /metrics
 * (Prometheus; see metrics.endpoint.ts for who may scrape it, and where).
 */
export async function startHttpServer<TContext extends ServerScope, TCaller extends Caller = Caller>(options: HttpServerOptions<TContext, TCaller>): Promise<RunningServer> {
  const { log, production, limits } = options;
  const httpServer = http.createServer();
  const guard = new RequestGuard({ schema: options.schema, limits, rateLimits: options.rateLimits, production });
  const metricsAccess = { token: limits.metricsToken, port: limits.metricsPort, production };
  const corsOrigins = new Set(options.corsOrigins ?? []);
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    // Callers authenticate with bearer tokens, never cookies, so there is no ambient credential to forge a request with.
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT/SIGTERM: it drains this server, then closes the database and stops Neo4j in order.
    stopOnTerminationSignals: false,
    // The guard's rules refuse introspection in production, over HTTP and WebSocket alike (one rule, not Apollo's too).
    introspection: true,
    allowBatchedHttpRequests: limits.maxBatch > 1,
    persistedQueries: { cache: apolloForgetfulCache },
    validationRules: [...guard.rules],
    parseOptions: guard.parseOptions,
    formatError: formatError(log, production),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used, and the default cache-control plugin runs a hook on every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      metricsPlugin<TContext>(),
    ],
  });
  await apollo.start();

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, ip: string): Promise<void> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = req.method ?? 'GET';
    let body: unknown = undefined;
    if (method === 'POST') {
      if (!isJsonBody(headers.get('content-type'))) {
        req.resume();
        throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'POST a JSON body with content-type: application/json');
      }
      const text = await readBody(req, options.bodyLimitBytes);
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON');
      }
      if (Array.isArray(body) && body.length > limits.maxBatch) {
        throw new HttpError(400, 'BATCH_LIMIT', production ? 'Too many operations in one batch' : `At most ${limits.maxBatch} operations in one batch`);
      }
    }
    // Nothing of an unauthenticated request is parsed.
    const caller = await options.authenticate(req.headers.authorization);
    await guard.identified(caller.key);
    const plan = guard.plan(method, body, url.search);
    await guard.charge(ip, caller.key, plan);
    const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: plan.search, body: plan.body };
    const result = await guard.run(() => apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => options.context(requestId, caller) }));
    if (result.body.kind === 'complete') guard.checkResponseSize(Buffer.byteLength(result.body.string));
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const handleRoute = async (route: Route<TContext, TCaller>, req: IncomingMessage, res: ServerResponse, requestId: string, ip: string): Promise<void> => {
    if (req.method !== 'POST') {
      req.resume();
      throw new HttpError(405, 'BAD_REQUEST', 'POST a JSON body with content-type: application/json', { allow: 'POST, OPTIONS' });
    }
    if (!isJsonBody(req.headers['content-type'])) {
      req.resume();
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'POST a JSON body with content-type: application/json');
    }
    const text = await readBody(req, options.bodyLimitBytes);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON');
    }
    // Nothing of an unauthenticated request is read further.
    const caller = await options.authenticate(req.headers.authorization);
    await guard.identified(caller.key);
    const context = await options.context(requestId, caller);
    try {
      await route({ body, caller, context, charge: (points) => guard.charge(ip, caller.key, { points: points + 1 }), run: (work) => guard.run(work) }, res);
    } catch (error) {
      if (res.headersSent || !(error instanceof AppError) || (error.extensions.http as { status?: number } | undefined)?.status !== undefined) throw error;
      const format = formatError(log, production);
      const { message, extensions } = format({ message: error.message, extensions: error.extensions }, error);
      sendJson(res, statusOfCode(String(extensions?.code)), { errors: [{ message, extensions }] });
    }
  };

  httpServer.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.on('finish', () => countHttpRequest(url.pathname, res.statusCode));
    try {
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/metrics' && metricsOnPublicPort(metricsAccess)) return await sendMetrics(req, res, metricsAccess.token);
      if (url.pathname === '/readyz') {
        const ok = await options.ready();
        const report = ok && options.readyDetails ? await options.readyDetails().catch(() => undefined) : undefined;
        const degraded = report?.degraded.length ? { degraded: report.degraded } : {};
        const status = !ok ? 'database unavailable' : report?.degraded.length ? 'degraded' : 'ready';
        return sendJson(res, ok ? 200 : 503, { status, ...degraded, ...(report ? { details: report.details } : {}) });
      }
      if (!production && url.pathname.startsWith('/graphiql/') && sendGraphiQLAsset(url.pathname.slice('/graphiql/'.length), res)) return;
      if (req.method === 'GET' && url.pathname.startsWith('/explorer') && (await sendExplorer(url.pathname, res))) return;
      const route = options.routes?.[url.pathname];
      if (route) {
        if (applyCors(req, res, corsOrigins)) return;
        const ip = req.socket.remoteAddress ?? 'unknown';
        await guard.arrive(ip);
        return await handleRoute(route, req, res, requestId, ip);
      }
      if (url.pathname === '/graphql' || url.pathname === '/') {
        if (!production && wantsHtml(req, url)) return sendGraphiQLPage(res);
        if (url.pathname === '/graphql') {
          if (applyCors(req, res, corsOrigins)) return;
          const ip = req.socket.remoteAddress ?? 'unknown';
          await guard.arrive(ip);
          return await handleGraphQL(req, res, url, requestId, ip);
        }
      }
      sendJson(res, 404, { errors: [{ message: `Nothing at ${url.pathname}; GraphQL is at /graphql`, extensions: { code: 'NOT_FOUND' } }] });
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] }, error.headers);
        return;
      }
      // Refusals before Apollo runs: a rate limit (429), a missing or bad token (401).
      const refusal = error instanceof AppError ? (error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined) : undefined;
      if (refusal?.status !== undefined) {
        sendJson(res, refusal.status, { errors: [{ message: (error as AppError).message, extensions: { code: (error as AppError).extensions.code } }] }, Object.fromEntries(refusal.headers ?? []));
        return;
      }
      log.error({ err: error, requestId }, 'request failed');
      sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
    }
  });

  const subscriber = options.subscriber;
  const subscriptions = subscriber
    ? serveWebSocket<TContext, TCaller>({
        httpServer,
        schema: options.schema,
        maxPayload: options.bodyLimitBytes,
        guard,
        log,
        format: formatError(log, production),
        authenticate: options.authenticate,
        mayConnect: subscriber,
        context: options.context,
      })
    : undefined;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${options.host}:${port}/graphql`;
  const metricsServer =
    limits.metricsPort === undefined
      ? undefined
      : await startMetricsServer(limits.metricsPort, limits.metricsToken).catch(async (error: unknown) => {
          await apollo.stop();
          throw error;
        });
  return {
    url,
    port,
    metricsPort: metricsServer?.port,
    stop: async () => {
      await metricsServer?.stop();
      // Open subscriptions are upgraded sockets the HTTP drain does not see: close them first.
      await subscriptions?.stop();
      await apollo.stop();
    },
  };
}
