import { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Logger } from '../logger';
import { countGraphQLError, observeGraphQLRequest } from '../metrics';

/** What the plugin needs from the per-request context. */
export interface RequestScope extends BaseContext {
  /** The request's child logger, bound to its request id. */
  log: Logger;
}

/**
 * Times every GraphQL request into graphql_request_duration_seconds, counts the errors of its response by code
 * and logs one line per request. Variables are never logged: they carry phone numbers and ID documents.
 */
export function metricsPlugin<TContext extends RequestScope>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operation, operationName }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          // The resolved operation's name, not the one the client sent: a request that did not parse and validate
          // names nothing, so made-up names only reach the metrics inside valid operations (and are bounded there).
          const name = operation ? (operationName ?? 'anonymous') : undefined;
          const type = operation?.operation ?? 'unknown';
          // The formatted errors, so masked failures count as INTERNAL_SERVER_ERROR, as the client saw them.
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const errorCodes = errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          observeGraphQLRequest(name, type, seconds);
          for (const code of errorCodes) countGraphQLError(code);
          contextValue.log.info(
            { operationName: name ?? 'invalid', operationType: type, durationMs: Math.round(seconds * 1e4) / 10, errorCodes },
            'graphql request',
          );
        },
      };
    },
  };
}
