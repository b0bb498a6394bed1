import { Client, createClient, SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';
import { TestApi } from './api';

/** What a graphql-ws operation got first: a result, an error message, the socket's close code, completion, or nothing in time. */
export type Outcome = { next?: any; errors?: any[]; closed?: number; complete?: true; timeout?: true };

/** A graphql-ws client of the test API that does not reconnect; `closes` collects the close codes it saw. */
export function wsClient(api: TestApi, authorization?: string): { ws: Client; closes: number[] } {
  const closes: number[] = [];
  const ws = createClient({
    url: api.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: true,
    // One connection for all the operations of a test, as a client keeps it; dispose() closes it.
    lazyCloseTimeout: 60_000,
    on: { closed: (event) => closes.push((event as { code: number }).code) },
  });
  return { ws, closes };
}

/** The first thing an operation over `ws` gets, within `ms`. */
export function firstOutcome(ws: Client, payload: SubscribePayload, ms = 10_000): Promise<Outcome> {
  return new Promise((resolve) => {
    let dispose = () => {};
    const timer = setTimeout(() => {
      dispose();
      resolve({ timeout: true });
    }, ms);
    const done = (outcome: Outcome) => {
      clearTimeout(timer);
      dispose();
      resolve(outcome);
    };
    dispose = ws.subscribe(payload, {
      next: (result) => done({ next: result }),
      error: (error) => done(Array.isArray(error) ? { errors: error } : { closed: (error as { code: number }).code }),
      complete: () => done({ complete: true }),
    });
  });
}

/** The `extensions.code` of every error of an outcome, whether sent as an error message or in a result. */
export const outcomeCodes = (outcome: Outcome): unknown[] => (outcome.errors ?? outcome.next?.errors ?? []).map((e: any) => e.extensions?.code);
