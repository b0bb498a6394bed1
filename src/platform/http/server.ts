import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, specifiedRules, validate, ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/lib/use/ws';
import { WebSocketServer } from 'ws';
import { LimitsConfig } from '../config';
import { AppError, ErrorCode } from '../errors';
import { Logger } from '../logger';
import { countHttpRequest } from '../metrics';
import { ConcurrencyGate } from '../concurrency.gate';
import { sendExplorer } from './explorer.page';
import { sendGraphiQLAsset, sendGraphiQLPage } from './graphiql';
import { HttpError } from './http.error';
import { metricsOnPublicPort, sendMetrics, startMetricsServer } from './metrics.endpoint';
import { metricsPlugin, RequestScope } from './metrics.plugin';
import { apolloForgetfulCache, PersistedQueries } from './persisted.queries';
import { RateLimits } from './rate.limits';
import { planRequest } from './request.plan';
import { TextCache } from './text.cache';

/** Codes whose messages were written for the client; anything else is masked. */
const SAFE_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'BATCH_LIMIT',
]);

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Characters of persisted query text kept per process. */
const PERSISTED_QUERY_CHARS = 4_000_000;
/** Characters of query text whose parsed documents are kept per process (a document weighs about 20 times its text). */
const PARSED_QUERY_CHARS = 200_000;

/** What the server needs from the per-request context: the request's logger and who is calling (rate limits). */
export interface ServerScope extends RequestScope {
  principal: { key: string };
}

export interface HttpServerOptions<TContext extends ServerScope> {
  schema: GraphQLSchema;
  port: number;
  host: string;
  bodyLimitBytes: number;
  /** Origins whose pages may call /graphql from a browser (CORS); empty: none. */
  corsOrigins?: readonly string[];
  log: Logger;
  /** Builds the per-request context. */
  context: (requestId: string, req: IncomingMessage) => Promise<TContext> | TContext;
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
  /** Builds the context of a GraphQL subscription over WebSocket (graphql-ws) from its connection's Authorization. */
  subscriptionContext?: (authorization: string | undefined) => Promise<TContext>;
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
      const message = production ? formatted.message.replace(/more tha[nt] \d+ tokens/, 'too many tokens') : formatted.message;
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

/** GraphQL Armor's limits, set from measured queries (README, Hardening); their values are not told in production. */
function armor(limits: LimitsConfig, production: boolean) {
  const exposeLimits = !production;
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, exposeLimits, flattenFragments: true },
    maxAliases: { n: limits.maxAliases, exposeLimits },
    // Tokens are limited by graphql-js's own parser (parseOptions below), so syntax errors stay 400s.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives, exposeLimits },
    // Armor's cost rule sees only literal arguments (first: $n slips through); request.plan.ts costs operations
    // with their variables instead.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
}

/**
 * Serves GraphQL over HTTP at /graphql (POST and GET, application/json and application/graphql-response+json),
 * GraphiQL to browsers at GET /graphql, the analysts' explorer at /explorer (explorer.page.ts), /healthz (process alive), /readyz (database reachable) and /metrics
 * (Prometheus; see metrics.endpoint.ts for who may scrape it, and where).
 */
export async function startHttpServer<TContext extends ServerScope>(options: HttpServerOptions<TContext>): Promise<RunningServer> {
  const { log, production, limits } = options;
  const httpServer = http.createServer();
  const protection = armor(limits, production);
  const persisted = new PersistedQueries(PERSISTED_QUERY_CHARS);
  const parsed = new TextCache<DocumentNode>(PARSED_QUERY_CHARS, (query) => query.length);
  const gate = new ConcurrencyGate(limits.maxConcurrent, limits.maxQueued, () => new HttpError(503, 'SERVER_BUSY', 'The server is busy; retry in a moment', { 'retry-after': '1' }));
  const metricsAccess = { token: limits.metricsToken, port: limits.metricsPort, production };
  const corsOrigins = new Set(options.corsOrigins ?? []);
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    // Callers authenticate with bearer tokens, never cookies, so there is no ambient credential to forge a request with.
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT/SIGTERM: it drains this server, then closes the database and stops Neo4j in order.
    stopOnTerminationSignals: false,
    introspection: !production,
    allowBatchedHttpRequests: limits.maxBatch > 1,
    persistedQueries: { cache: apolloForgetfulCache },
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    formatError: formatError(log, production),
    plugins: [
      ...protection.plugins,
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
    const plan = planRequest(method, body, url.search, { schema: options.schema, persisted, parsed, limits, production });
    // The first point was taken when the request arrived.
    await options.rateLimits.checkIp(ip, plan.points - 1);
    const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: plan.search, body: plan.body };
    const result = await gate.run(() =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => {
          const scope = await options.context(requestId, req);
          // The context took the request's first point from the token; the rest are its operations'.
          await options.rateLimits.checkToken(scope.principal.key, plan.points - 1);
          return scope;
        },
      }),
    );
    if (result.body.kind === 'complete' && Buffer.byteLength(result.body.string) > limits.maxResponseBytes) {
      throw new HttpError(400, 'RESPONSE_TOO_LARGE', production
        ? 'The response is too large: ask for fewer items (first), fields or operations per request'
        : `The response is over ${limits.maxResponseBytes} bytes: ask for fewer items (first), fields or operations per request`);
    }
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
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
      if (url.pathname === '/graphql' || url.pathname === '/') {
        if (!production && wantsHtml(req, url)) return sendGraphiQLPage(res);
        if (url.pathname === '/graphql') {
          if (applyCors(req, res, corsOrigins)) return;
          const ip = req.socket.remoteAddress ?? 'unknown';
          await options.rateLimits.checkIp(ip);
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
      if (error instanceof AppError && error.extensions.code === ErrorCode.RATE_LIMITED) {
        const http = error.extensions.http as { headers: Map<string, string> };
        sendJson(res, 429, { errors: [{ message: error.message, extensions: { code: ErrorCode.RATE_LIMITED } }] }, Object.fromEntries(http.headers));
        return;
      }
      log.error({ err: error, requestId }, 'request failed');
      sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
    }
  });

  const subscriptions = options.subscriptionContext ? serveSubscriptions(httpServer, options, protection.validationRules) : undefined;

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

/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol) at /graphql on the same HTTP server. The connection's
 * `Authorization` (connectionParams, or the upgrade request's header) is checked like a request's; operations pass
 * the same validation limits, and errors are masked as over HTTP.
 */
function serveSubscriptions<TContext extends ServerScope>(httpServer: http.Server, options: HttpServerOptions<TContext>, rules: readonly ValidationRule[]): { stop(): Promise<void> } {
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: options.bodyLimitBytes });
  const format = formatError(options.log, options.production);
  const cleanup = useServer<Record<string, unknown>, { request: IncomingMessage }>(
    {
      schema: options.schema,
      validate: (schema, document) => validate(schema, document, [...specifiedRules, ...rules]),
      context: (ctx) => {
        const fromParams = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const authorization = typeof fromParams === 'string' ? fromParams : ctx.extra.request.headers.authorization;
        return options.subscriptionContext!(authorization);
      },
      onNext: (_ctx, _message, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e) as GraphQLError) } : result,
      onError: (_ctx, _message, errors) => errors.map((e) => format(e.toJSON(), e) as GraphQLError),
    },
    wss,
  );
  return {
    stop: async () => {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
