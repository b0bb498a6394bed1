import { randomUUID } from 'node:crypto';
import http, { IncomingMessage } from 'node:http';
import { ExecutionArgs, ExecutionResult, getOperationAST, GraphQLError, GraphQLFormattedError, GraphQLSchema, subscribe } from 'graphql';
import { CloseCode, handleProtocols, makeServer } from 'graphql-ws';
import WebSocket, { WebSocketServer } from 'ws';
import { AppError, ErrorCode } from '../errors';
import { Logger } from '../logger';
import { HttpError } from './http.error';
import { RequestGuard } from './request.guard';

/** An authenticated caller: its rate-limit key and when its token expires. */
export interface Caller {
  key: string;
  /** ms since the epoch; unset: never (dev mode). */
  expiresAt?: number;
}

export interface WebSocketOptions<TContext, TCaller extends Caller> {
  httpServer: http.Server;
  schema: GraphQLSchema;
  /** Largest message accepted, like the largest HTTP body. */
  maxPayload: number;
  guard: RequestGuard;
  log: Logger;
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Checks the connection's Authorization; throws UNAUTHENTICATED (or another AppError) to refuse it. */
  authenticate: (authorization: string | undefined) => Promise<TCaller>;
  /** Whether the caller may hold a connection at all (may use some subscription); refused with 4403 otherwise. */
  mayConnect: (caller: TCaller) => boolean;
  context: (requestId: string, caller: TCaller) => Promise<TContext> | TContext;
}

interface Connection<TCaller> {
  socket: WebSocket;
  request: IncomingMessage;
  ip: string;
  caller?: TCaller;
  expiry?: NodeJS.Timeout;
  /** Set once the server closes it: its messages are no longer handled. */
  closing?: boolean;
}

/** Close codes beside graphql-ws's own: 1013 is WebSocket's "try again later", which graphql-ws clients retry. */
const TRY_AGAIN_LATER = 1013;
/** How long the server waits between keep-alive pings, and for their pong. */
const KEEP_ALIVE_MS = 12_000;
/** How long a socket the server closed has to take the close frame before it is dropped. */
const CLOSE_GRACE_MS = 1000;
/** setTimeout's longest delay; a token that expires later is looked at again then. */
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol) at /graphql on the HTTP server. A connection
 * authenticates once, in its `connection_init`: the bearer token in `connectionParams.authorization` (or the upgrade
 * request's `Authorization` header). Without a valid token it is closed 4401, with a token that may use no
 * subscription 4403, and until it is acknowledged any `subscribe` closes it 4401 unread, so nothing an
 * unauthenticated socket sends is ever parsed as GraphQL. When the token expires the connection is closed 4401 and
 * nothing more is delivered. Every `subscribe` passes the same RequestGuard as an HTTP request (rate points, tokens,
 * cost, validation, the concurrency gate, the response size); only subscriptions are served here (queries and
 * mutations: SUBSCRIPTIONS_ONLY, over HTTP). Refusals are logged as one JSON line each, never as a stack trace.
 */
export function serveWebSocket<TContext, TCaller extends Caller>(options: WebSocketOptions<TContext, TCaller>): { stop(): Promise<void> } {
  const { guard, log, format } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: options.maxPayload, handleProtocols });

  const close = (connection: Connection<TCaller>, code: number, reason: string) => {
    if (connection.closing) return;
    connection.closing = true;
    log.info({ ip: connection.ip, caller: connection.caller?.key, code, reason }, 'websocket closed by the server');
    // A close reason may take 123 bytes.
    connection.socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
    // Nothing more the socket sends is read (what a refused client sent after connection_init is never even
    // unmasked): the close frame goes out, and the connection is dropped shortly after.
    connection.socket.pause();
    setTimeout(() => connection.socket.terminate(), CLOSE_GRACE_MS).unref();
  };
  const expired = (connection: Connection<TCaller>) => connection.caller?.expiresAt !== undefined && Date.now() >= connection.caller.expiresAt;
  const expire = (connection: Connection<TCaller>) => close(connection, CloseCode.Unauthorized, 'The token expired: connect again with a fresh token');
  const watchExpiry = (connection: Connection<TCaller>) => {
    const at = connection.caller?.expiresAt;
    if (at === undefined) return;
    connection.expiry = setTimeout(() => (expired(connection) ? expire(connection) : watchExpiry(connection)), Math.min(Math.max(0, at - Date.now()), LONGEST_TIMER_MS));
  };

  const server = makeServer<Record<string, unknown>, Connection<TCaller>>({
    schema: options.schema,
    onConnect: async (ctx) => {
      const connection = ctx.extra;
      try {
        await guard.arrive(connection.ip);
        const fromParams = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const caller = await options.authenticate(typeof fromParams === 'string' ? fromParams : connection.request.headers.authorization);
        if (!options.mayConnect(caller)) throw new AppError(ErrorCode.FORBIDDEN, 'This token may use no subscription');
        await guard.identified(caller.key);
        connection.caller = caller;
        watchExpiry(connection);
        return true;
      } catch (error) {
        refuseConnection(connection, error);
        // graphql-ws closes with 4403 too, which does nothing on a socket already closing.
        return false;
      }
    },
    onSubscribe: async (ctx, message) => {
      const connection = ctx.extra;
      const caller = connection.caller;
      if (!caller || expired(connection)) {
        if (caller) expire(connection);
        else close(connection, CloseCode.Unauthorized, 'Unauthorized');
        return [new GraphQLError('Unauthorized', { extensions: { code: ErrorCode.UNAUTHENTICATED } })];
      }
      try {
        const { query, operationName, variables, extensions } = message.payload;
        await guard.arrive(connection.ip);
        await guard.identified(caller.key);
        const document = guard.parse(query);
        const operation = getOperationAST(document, operationName ?? undefined);
        if (!operation) throw new HttpError(400, 'BAD_REQUEST', 'Name the operation to run (operationName)');
        if (operation.operation !== 'subscription') {
          throw new HttpError(400, 'SUBSCRIPTIONS_ONLY', 'Only subscriptions are served over WebSocket: send queries and mutations with POST /graphql');
        }
        const plan = guard.plan('POST', { query, operationName, variables, extensions }, '');
        await guard.charge(connection.ip, caller.key, plan);
        const errors = guard.validate(document);
        if (errors.length) return errors;
        const contextValue = (await options.context(randomUUID(), caller)) as ExecutionArgs['contextValue'];
        return { schema: options.schema, document, operationName, variableValues: variables, contextValue };
      } catch (error) {
        return [refusal(error)];
      }
    },
    // A subscription takes a slot of the gate to start; each of its events is then resolved from what it read.
    subscribe: (args) => guard.run(async () => subscribe(args)).catch((error: unknown): ExecutionResult => ({ errors: [refusal(error)] })),
    onNext: (ctx, _message, _args, result) => {
      const connection = ctx.extra;
      if (expired(connection)) {
        // Closing first means the send that follows does nothing.
        expire(connection);
        return { errors: [new GraphQLError('The token expired', { extensions: { code: ErrorCode.UNAUTHENTICATED } })] };
      }
      const masked = result.errors ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e) as GraphQLError) } : result;
      try {
        guard.checkResponseSize(Buffer.byteLength(JSON.stringify(masked)));
      } catch (error) {
        const tooLarge = refusal(error);
        return { errors: [format(tooLarge.toJSON(), tooLarge) as GraphQLError] };
      }
      return masked;
    },
    onError: (_ctx, _message, errors) => errors.map((e) => format(e.toJSON(), e) as GraphQLError),
  });

  /** Closes a connection refused in connection_init: 4401 without a valid token, 4403 when it may not connect, 1013 when rate-limited. */
  const refuseConnection = (connection: Connection<TCaller>, error: unknown) => {
    const code = error instanceof GraphQLError ? error.extensions.code : undefined;
    if (code === ErrorCode.UNAUTHENTICATED) return close(connection, CloseCode.Unauthorized, error instanceof Error ? error.message : 'Unauthorized');
    if (code === ErrorCode.FORBIDDEN) return close(connection, CloseCode.Forbidden, (error as Error).message);
    if (code === ErrorCode.RATE_LIMITED) return close(connection, TRY_AGAIN_LATER, (error as Error).message);
    log.error({ err: error, ip: connection.ip }, 'websocket connection failed');
    return close(connection, CloseCode.InternalServerError, 'Internal server error');
  };

  wss.on('error', (error) => log.error({ err: error }, 'websocket server error'));
  wss.on('connection', (socket, request) => {
    const connection: Connection<TCaller> = { socket, request, ip: request.socket.remoteAddress ?? 'unknown' };
    // ws has already closed the socket (a frame over maxPayload, a bad frame): say so in one line.
    socket.on('error', (error) => log.info({ ip: connection.ip, reason: error.message }, 'websocket error'));
    let pongWait: NodeJS.Timeout | undefined;
    const ping = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, KEEP_ALIVE_MS);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise((resolve, reject) => {
            if (socket.readyState !== WebSocket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => close(connection, code ?? 1000, reason ?? ''),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            if (connection.closing) return;
            try {
              await handle(String(data));
            } catch (error) {
              log.error({ err: error, ip: connection.ip }, 'websocket message failed');
              close(connection, CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      connection,
    );
    socket.once('close', (code, reason) => {
      clearInterval(ping);
      clearTimeout(pongWait);
      clearTimeout(connection.expiry);
      void closed(code, String(reason));
    });
  });

  return {
    stop: async () => {
      for (const client of wss.clients) client.close(1001, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** A refusal as the GraphQL error a client reads: its code and message only (a rate limit's HTTP details stay behind). */
function refusal(error: unknown): GraphQLError {
  if (error instanceof HttpError) return new GraphQLError(error.message, { extensions: { code: error.code } });
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
    return new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: error.extensions.code } });
  }
  return error instanceof GraphQLError ? error : new GraphQLError('Internal server error', { originalError: error instanceof Error ? error : undefined });
}
