import { badInput } from './errors';
import { requireFirst } from './page';

/** The type of each part of a list's sort key, as its cursor carries it. */
export type KeyPart = 'string' | 'number';

/**
 * How a list pages: its name (a cursor of one list is refused by another), the parts of its sort key and the
 * largest page. The key is the ordered, unique values its statement sorts on (the last part breaks ties, e.g. an id),
 * so a page starts after a value, not after a count of rows: items inserted or removed before it do not shift it.
 */
export interface Keyset {
  name: string;
  key: readonly KeyPart[];
  maxFirst: number;
}

/** A validated page request: `after` is the decoded sort key of the last item seen, or null for the first page. */
export interface PageRequest {
  first: number;
  after: unknown[] | null;
  /** How many rows to read: one more than `first`, to know whether there is a next page. */
  limit: number;
}

/** One item of a page and its sort key (the values its statement sorted on, in order). */
export interface Keyed<T> {
  node: T;
  key: unknown[];
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfoValue {
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * A page in the Relay connection shape. totalCount is read only when a query selects it (a property getter, which
 * the field's resolver reads), so paging without it costs no count.
 */
export interface Connection<T> {
  readonly totalCount: Promise<number>;
  edges: Edge<T>[];
  pageInfo: PageInfoValue;
}

const isPart = (value: unknown, part: KeyPart): boolean =>
  part === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string';

/** The opaque cursor of an item: its list's name and sort key, as base64url JSON. Clients must not build them. */
export function encodeCursor(keyset: Keyset, key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify([keyset.name, ...key])).toString('base64url');
}

/** The sort key a cursor of this list carries; BAD_USER_INPUT for anything else (another list's cursor too). */
export function decodeCursor(keyset: Keyset, cursor: string): unknown[] {
  const refuse = () => badInput('after is not a cursor this list returned; pass an endCursor or edge cursor of the same list', 'after');
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw refuse();
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parts) || parts.length !== keyset.key.length + 1 || parts[0] !== keyset.name) throw refuse();
  const key = parts.slice(1);
  if (!key.every((value, i) => isPart(value, keyset.key[i]))) throw refuse();
  return key;
}

/** Validates `first` (1 to the list's maximum) and `after` (BAD_USER_INPUT for either). */
export function pageRequest(keyset: Keyset, first: number, after: string | null | undefined): PageRequest {
  requireFirst(first, keyset.maxFirst);
  return { first, after: after == null ? null : decodeCursor(keyset, after), limit: first + 1 };
}

/**
 * The connection of the rows a keyset statement read for `request` (at most request.limit, in key order).
 * A row whose node is null (gone between reading the page's keys and its nodes) has no edge; the page still ends
 * after it. `count` answers totalCount; it runs once, and only if asked.
 */
export function toConnection<T>(keyset: Keyset, request: PageRequest, rows: readonly Keyed<T | null>[], count: () => Promise<number>): Connection<T> {
  const page = rows.slice(0, request.first);
  const edges = page.filter((row): row is Keyed<T> => row.node !== null).map((row) => ({ cursor: encodeCursor(keyset, row.key), node: row.node }));
  const last = page.at(-1);
  let total: Promise<number> | undefined;
  return {
    get totalCount() {
      return (total ??= count());
    },
    edges,
    pageInfo: { hasNextPage: rows.length > request.first, endCursor: last ? encodeCursor(keyset, last.key) : null },
  };
}
