import { ApolloArmor } from '@escape.tech/graphql-armor';
import { DocumentNode, GraphQLError, GraphQLSchema, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, ValidationRule } from 'graphql';
import { LimitsConfig } from '../config';
import { ConcurrencyGate } from '../concurrency.gate';
import { HttpError } from './http.error';
import { PersistedQueries } from './persisted.queries';
import { RateLimits } from './rate.limits';
import { planRequest, RequestPlan } from './request.plan';
import { TextCache } from './text.cache';

/** Characters of persisted query text kept per process. */
const PERSISTED_QUERY_CHARS = 4_000_000;
/** Characters of query text whose parsed documents are kept per process (a document weighs about 20 times its text). */
const PARSED_QUERY_CHARS = 200_000;

export interface GuardOptions {
  schema: GraphQLSchema;
  limits: LimitsConfig;
  rateLimits: RateLimits;
  /** Production hides introspection and the values of the limits. */
  production: boolean;
}

/**
 * The checks every GraphQL operation passes, whatever carries it (HTTP or WebSocket), in this order: a rate point
 * from the IP on arrival, the caller's token and a point from it, the document parsed within GRAPHQL_MAX_TOKENS,
 * its cost and the request's (request.plan.ts), the rest of its rate points (a point a query, RATE_LIMIT_MUTATION_POINTS
 * a mutation root field) from the IP and the token, validation (depth, aliases, directives, and no introspection in
 * production), a slot of the concurrency gate while it executes, and the size of what it answers. Over HTTP Apollo
 * parses, validates and executes with this guard's parse options and rules; over WebSocket the server calls them.
 */
export class RequestGuard {
  /** Depth, aliases and directives (GraphQL Armor), and in production no introspection; the limits' values are not told in production. */
  readonly rules: readonly ValidationRule[];
  readonly parseOptions: { maxTokens: number };
  private readonly persisted = new PersistedQueries(PERSISTED_QUERY_CHARS);
  private readonly parsed = new TextCache<DocumentNode>(PARSED_QUERY_CHARS, (query) => query.length);
  private readonly gate: ConcurrencyGate;

  constructor(private readonly options: GuardOptions) {
    const { limits, production } = options;
    const exposeLimits = !production;
    const armor = new ApolloArmor({
      maxDepth: { n: limits.maxDepth, exposeLimits, flattenFragments: true },
      maxAliases: { n: limits.maxAliases, exposeLimits },
      // Tokens are limited by graphql-js's own parser (parseOptions), so syntax errors stay parse errors.
      maxTokens: { enabled: false },
      maxDirectives: { n: limits.maxDirectives, exposeLimits },
      // Armor's cost rule sees only literal arguments (first: $n slips through); request.plan.ts costs operations
      // with their variables instead.
      costLimit: { enabled: false },
      // Suggestions are removed from messages by formatError, which every transport's errors pass.
      blockFieldSuggestion: { enabled: false },
    }).protect();
    this.rules = [...armor.validationRules, ...(production ? [NoSchemaIntrospectionCustomRule] : [])];
    this.parseOptions = { maxTokens: limits.maxTokens };
    this.gate = new ConcurrencyGate(limits.maxConcurrent, limits.maxQueued, () => new HttpError(503, 'SERVER_BUSY', 'The server is busy; retry in a moment', { 'retry-after': '1' }));
  }

  /** The first rate point of a request or a connection, taken from its IP before anything is read. */
  arrive(ip: string): Promise<void> {
    return this.options.rateLimits.checkIp(ip);
  }

  /** The first rate point of an authenticated request or operation, taken from its token. */
  identified(tokenKey: string): Promise<void> {
    return this.options.rateLimits.checkToken(tokenKey);
  }

  /** Resolves persisted queries and costs every operation with its variables; throws COST_LIMIT or REQUEST_COST_LIMIT. */
  plan(method: string, body: unknown, search: string): RequestPlan {
    const { schema, limits, production } = this.options;
    return planRequest(method, body, search, { schema, persisted: this.persisted, parsed: this.parsed, limits, production });
  }

  /** The rest of a plan's rate points (the first were taken on arrival), from the IP and the token, before anything runs. */
  async charge(ip: string, tokenKey: string, plan: Pick<RequestPlan, 'points'>): Promise<void> {
    await this.options.rateLimits.checkIp(ip, plan.points - 1);
    await this.options.rateLimits.checkToken(tokenKey, plan.points - 1);
  }

  /** The document of a query text, within GRAPHQL_MAX_TOKENS; a GRAPHQL_PARSE_FAILED error when it does not parse. */
  parse(query: unknown): DocumentNode {
    if (typeof query !== 'string' || !query) throw new GraphQLError('The operation has no query text', { extensions: { code: 'BAD_REQUEST' } });
    const known = this.parsed.get(query);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(query, this.parseOptions);
    } catch (error) {
      const syntax = error as GraphQLError;
      throw new GraphQLError(syntax.message, { source: syntax.source, positions: syntax.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    }
    this.parsed.set(query, document);
    return document;
  }

  /** graphql-js's rules and this guard's, each error coded GRAPHQL_VALIDATION_FAILED as Apollo codes them over HTTP. */
  validate(document: DocumentNode): GraphQLError[] {
    return validate(this.options.schema, document, [...specifiedRules, ...this.rules]).map(
      (error) => new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } }),
    );
  }

  /** Runs an execution in a slot of the concurrency gate; SERVER_BUSY past GRAPHQL_MAX_CONCURRENT running and GRAPHQL_MAX_QUEUED waiting. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.gate.run(work);
  }

  /** Throws RESPONSE_TOO_LARGE when an answer of this many bytes is over GRAPHQL_MAX_RESPONSE_BYTES. */
  checkResponseSize(bytes: number): void {
    const { limits, production } = this.options;
    if (bytes <= limits.maxResponseBytes) return;
    throw new HttpError(400, 'RESPONSE_TOO_LARGE', production
      ? 'The response is too large: ask for fewer items (first), fields or operations per request'
      : `The response is over ${limits.maxResponseBytes} bytes: ask for fewer items (first), fields or operations per request`);
  }
}
