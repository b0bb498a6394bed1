import { currentToken } from './token';

/** A failed request, with the API's `extensions.code` (or NETWORK / BAD_RESPONSE when there was no GraphQL answer). */
export class ApiError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Runs one operation against this server's /graphql with the analyst's token; throws ApiError on any error. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  const token = currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new ApiError('The server cannot be reached: check that it is running, then try again.', 'NETWORK');
  }
  let body: GraphQLBody<T>;
  try {
    body = (await response.json()) as GraphQLBody<T>;
  } catch {
    throw new ApiError(`The server answered ${response.status} without a GraphQL response.`, 'BAD_RESPONSE');
  }
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? 'ERROR');
  if (!body.data) throw new ApiError('The server answered without data.', 'BAD_RESPONSE');
  return body.data;
}

/** What to tell the analyst about a failure, with what to do about it. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return `Something went wrong in the page: ${String(error)}`;
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return `Not signed in: ${error.message}. Paste a valid analyst token above.`;
    case 'FORBIDDEN':
      return `Your token's role may not do this: ${error.message}`;
    case 'RATE_LIMITED':
      return 'Too many requests a minute: wait a little, then try again.';
    default:
      return `${error.message} (${error.code})`;
  }
}
