import { DocumentNode, GraphQLSchema, parse } from 'graphql';
import { LimitsConfig } from '../config';
import { HttpError } from './http.error';
import { operationCost } from './operation.cost';
import { isSha256Hex, PersistedQueries, sha256Hex } from './persisted.queries';
import { TextCache } from './text.cache';
import { operationPoints } from './rate.limits';

/** One operation of a request as the client sent it (a POST body, an element of a batch, or GET parameters). */
interface OperationRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
}

/** A request whose operations are known, costed and weighed, before any of them runs. */
export interface RequestPlan {
  /** The POST body to hand to Apollo: persisted queries the server knows have their text put back. */
  body: unknown;
  /** The query string to hand to Apollo, likewise. */
  search: string;
  /** Sum of the operations' costs. */
  cost: number;
  /** Rate-limit points the request consumes (see operationPoints). */
  points: number;
}

export interface PlanOptions {
  schema: GraphQLSchema;
  persisted: PersistedQueries;
  /** Documents of the query texts seen lately: a client sends the same few texts again and again. */
  parsed: TextCache<DocumentNode>;
  limits: LimitsConfig;
  production: boolean;
}

/**
 * Reads every operation of a request, resolves persisted queries, and computes each operation's cost with its
 * variables, so that a request over GRAPHQL_MAX_COST (one operation) or GRAPHQL_MAX_REQUEST_COST (all of them,
 * aliases and batch included) is refused before anything runs. An operation that does not parse, names no
 * operation or has variables that do not coerce is left for Apollo to refuse; it costs nothing here and one point.
 */
export function planRequest(method: string, body: unknown, search: string, options: PlanOptions): RequestPlan {
  const { limits, production } = options;
  const params = new URLSearchParams(search);
  const operations: OperationRequest[] =
    method === 'GET' ? [fromSearch(params)] : (Array.isArray(body) ? body : [body]).map((o) => (isObject(o) ? o : {}));
  let cost = 0;
  let points = 0;
  for (const operation of operations) {
    const { query, register } = resolvePersisted(operation, options.persisted);
    const measured = query === undefined ? undefined : measure(query, operation, options);
    // Only a query that parsed is remembered, so garbage cannot push real queries out.
    if (measured && register) options.persisted.set(register, query!);
    // Written so that a cost that is not a number is refused too.
    if (measured && !(measured.cost <= limits.maxCost)) {
      throw new HttpError(400, 'COST_LIMIT', production
        ? 'The operation is too costly: ask for fewer items (first) or fewer fields'
        : `The operation costs ${measured.cost}, over the limit of ${limits.maxCost}: ask for fewer items (first) or fewer fields`);
    }
    cost += measured?.cost ?? 0;
    points += measured ? operationPoints(measured.type, measured.rootFields, limits.mutationPoints) : 1;
  }
  if (!(cost <= limits.maxRequestCost)) {
    throw new HttpError(400, 'REQUEST_COST_LIMIT', production
      ? 'The operations of this request are too costly together: send fewer operations or aliases per request'
      : `The operations of this request cost ${cost} together, over the limit of ${limits.maxRequestCost}: send fewer operations or aliases per request`);
  }
  if (method === 'GET' && !params.has('query') && typeof operations[0].query === 'string') {
    params.set('query', operations[0].query);
    search = `?${params}`;
  }
  return { body, search, cost, points: Math.max(1, points) };
}

function measure(query: string, operation: OperationRequest, options: PlanOptions) {
  let document = options.parsed.get(query);
  if (!document) {
    try {
      document = parse(query, { maxTokens: options.limits.maxTokens });
    } catch {
      return undefined;
    }
    options.parsed.set(query, document);
  }
  const name = typeof operation.operationName === 'string' ? operation.operationName : undefined;
  const variables = isObject(operation.variables) ? operation.variables : undefined;
  return operationCost(options.schema, document, name, variables);
}

/**
 * The query text of an operation: its own, checked against its persisted-query hash (then `register` is the hash
 * to remember it under), or the one remembered for its hash, written back into the operation for Apollo.
 */
function resolvePersisted(operation: OperationRequest, persisted: PersistedQueries): { query?: string; register?: string } {
  const query = typeof operation.query === 'string' ? operation.query : undefined;
  if (!isObject(operation.extensions) || operation.extensions.persistedQuery === undefined) return { query };
  const apq = operation.extensions.persistedQuery;
  if (!isObject(apq) || apq.version !== 1) {
    throw new HttpError(400, 'BAD_REQUEST', 'Only version 1 of persisted queries is supported: send extensions.persistedQuery = { version: 1, sha256Hash }');
  }
  if (!isSha256Hex(apq.sha256Hash)) {
    throw new HttpError(400, 'BAD_REQUEST', 'extensions.persistedQuery.sha256Hash must be the sha256 of the query in lowercase hex');
  }
  if (query !== undefined) {
    if (sha256Hex(query) !== apq.sha256Hash) {
      throw new HttpError(400, 'PERSISTED_QUERY_HASH_MISMATCH', 'extensions.persistedQuery.sha256Hash is not the sha256 of the query sent with it');
    }
    return { query, register: apq.sha256Hash };
  }
  const known = persisted.get(apq.sha256Hash);
  if (known !== undefined) operation.query = known;
  return { query: known };
}

function fromSearch(params: URLSearchParams): OperationRequest {
  const json = (name: string): unknown => {
    const raw = params.get(name);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  };
  return { query: params.get('query') ?? undefined, operationName: params.get('operationName') ?? undefined, variables: json('variables'), extensions: json('extensions') };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
