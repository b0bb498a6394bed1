import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, BaseContext, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { ErrorCode } from '../errors';
import { Logger } from '../logger';
import { sendGraphiQLAsset, sendGraphiQLPage } from './graphiql';

/** Codes whose messages were written for the client; anything else is masked. */
const SAFE_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface HttpServerOptions<TContext extends BaseContext> {
  schema: GraphQLSchema;
  port: number;
  host: string;
  bodyLimitBytes: number;
  log: Logger;
  /** Builds the per-request context. */
  context: (requestId: string, req: IncomingMessage) => Promise<TContext> | TContext;
  /** True when the database answers. */
  ready: () => Promise<boolean>;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting connections and waits for in-flight requests to finish. */
  stop(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
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

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function wantsHtml(req: IncomingMessage, url: URL): boolean {
  return req.method === 'GET' && !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html');
}

/** Masks every error whose code is not one we wrote for clients, and never lets a stack trace out. */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? '');
    if (SAFE_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
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

/**
 * Serves GraphQL over HTTP at /graphql (POST and GET, application/json and application/graphql-response+json),
 * GraphiQL to browsers at GET /graphql, /healthz (process alive) and /readyz (database reachable).
 */
export async function startHttpServer<TContext extends BaseContext>(options: HttpServerOptions<TContext>): Promise<RunningServer> {
  const { log } = options;
  const httpServer = http.createServer();
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    // Callers authenticate with bearer tokens, never cookies, so there is no ambient credential to forge a request with.
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(log),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const text = await readBody(req, options.bodyLimitBytes);
      if ((headers.get('content-type') ?? '').includes('json')) {
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON');
        }
      } else {
        body = text;
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => options.context(requestId, req),
    });
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
    try {
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz') {
        const ok = await options.ready();
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unavailable' });
      }
      if (url.pathname.startsWith('/graphiql/') && sendGraphiQLAsset(url.pathname.slice('/graphiql/'.length), res)) return;
      if (url.pathname === '/graphql' || url.pathname === '/') {
        if (wantsHtml(req, url)) return sendGraphiQLPage(res);
        if (url.pathname === '/graphql') return await handleGraphQL(req, res, url, requestId);
      }
      sendJson(res, 404, { errors: [{ message: `Nothing at ${url.pathname}; GraphQL is at /graphql`, extensions: { code: 'NOT_FOUND' } }] });
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
        return;
      }
      log.error({ err: error, requestId }, 'request failed');
      sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
    }
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${options.host}:${port}/graphql`;
  return { url, port, stop: () => apollo.stop() };
}
