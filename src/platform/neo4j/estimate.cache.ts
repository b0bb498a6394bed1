import { Params } from './cypher';

/**
 * What a statement's parameters look like to the planner, without their values: a parameter's estimate depends on
 * whether it is null, a scalar of which kind, or a list of how many (the planner multiplies by a list's size), but
 * not on which brand or which window it names (parameters are planned without their values). Lists go by size
 * class (0, 1, 2, 3-4, 5-8, ...); the longest list each entry was planned with is kept beside it (EstimateCache).
 */
export function parameterShape(params: Params): { shape: string; lengths: number[] } {
  const lengths: number[] = [];
  const walk = (value: unknown): string => {
    if (value === null || value === undefined) return 'n';
    if (Array.isArray(value)) {
      lengths.push(value.length);
      const sizeClass = value.length === 0 ? 0 : Math.ceil(Math.log2(value.length)) + 1;
      // The elements' kind, from the first (lists of parameters are homogeneous here).
      return `l${sizeClass}<${value.length ? walk(value[0]) : ''}>`;
    }
    switch (typeof value) {
      case 'string':
        return 's';
      case 'number':
        return 'f';
      case 'boolean':
        return 'b';
      case 'object': {
        // neo4j Integer, Date and friends are maps to this walk only if they are plain objects.
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) return `o:${proto?.constructor?.name ?? '?'}`;
        const entries = Object.keys(value as object).sort();
        return `{${entries.map((k) => `${k}:${walk((value as Record<string, unknown>)[k])}`).join(',')}}`;
      }
      default:
        return typeof value;
    }
  };
  const keys = Object.keys(params).sort();
  return { shape: keys.map((k) => `${k}=${walk(params[k])}`).join(';'), lengths };
}

interface Entry {
  rows: number;
  /** The lengths of the lists the estimate was planned with, in the walk's order. */
  lengths: number[];
  at: number;
}

/**
 * The planner's estimates (EXPLAIN) of statements, by statement text and parameter shape, for a while: a bounded
 * read checks each statement against its budget, and asking the planner on every request cost a round trip and a
 * plan per statement (BENCHMARKS.md §8). An entry is used only for parameters no longer than those it was planned
 * with (a longer list is planned again, and its estimate kept), and for `ttlMs` at most, so an estimate follows the
 * graph's statistics as the graph grows. `ttlMs` 0 asks the planner every time.
 */
export class EstimateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 2_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The cached estimate of a statement for parameters of this shape, or undefined when the planner must be asked. */
  get(text: string, params: Params): number | undefined {
    if (this.ttlMs <= 0) return undefined;
    const { shape, lengths } = parameterShape(params);
    const entry = this.entries.get(`${shape}\u0000${text}`);
    if (!entry || this.clock() - entry.at > this.ttlMs) return undefined;
    if (lengths.some((n, i) => n > (entry.lengths[i] ?? 0))) return undefined;
    return entry.rows;
  }

  /** Remembers the planner's estimate for parameters of this shape. */
  set(text: string, params: Params, rows: number): void {
    if (this.ttlMs <= 0) return;
    const { shape, lengths } = parameterShape(params);
    const key = `${shape}\u0000${text}`;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { rows, lengths, at: this.clock() });
  }

  get size(): number {
    return this.entries.size;
  }
}
