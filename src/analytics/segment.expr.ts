import { invalidSegment } from './analytics.errors';
import { normalizeTag } from './tag.rules';

/** A validated segment expression. */
export type SegmentNode = { kind: 'tag'; name: string } | { kind: 'and' | 'or'; children: SegmentNode[] } | { kind: 'not'; child: SegmentNode };

/** What a client sends (the GraphQL input, or the JSON of the export command). */
export interface SegmentInput {
  tag?: string | null;
  and?: SegmentInput[] | null;
  or?: SegmentInput[] | null;
  not?: SegmentInput | null;
}

export const MAX_SEGMENT_DEPTH = 8;
export const MAX_SEGMENT_TAGS = 32;

/**
 * Validates a segment expression: every node sets exactly one of tag, and, or, not; and/or have 1 to 32 children;
 * at most 8 levels and 32 tags; tag names well-formed. Throws INVALID_SEGMENT naming the path of the first problem
 * (`expr.and[1].not`).
 */
export function parseSegment(input: unknown, path = 'expr'): SegmentNode {
  let tags = 0;
  const walk = (node: unknown, at: string, depth: number): SegmentNode => {
    if (depth > MAX_SEGMENT_DEPTH) throw invalidSegment(at, `at most ${MAX_SEGMENT_DEPTH} levels`);
    if (node === null || typeof node !== 'object' || Array.isArray(node)) throw invalidSegment(at, 'expected an object with one of tag, and, or, not');
    const n = node as Record<string, unknown>;
    const unknown = Object.keys(n).filter((k) => !['tag', 'and', 'or', 'not'].includes(k));
    if (unknown.length) throw invalidSegment(at, `unknown field ${unknown[0]}`);
    const set = (['tag', 'and', 'or', 'not'] as const).filter((k) => n[k] !== undefined && n[k] !== null);
    if (set.length !== 1) throw invalidSegment(at, set.length ? `set exactly one of tag, and, or, not (got ${set.join(', ')})` : 'set one of tag, and, or, not');
    const kind = set[0];
    if (kind === 'tag') {
      if (typeof n.tag !== 'string') throw invalidSegment(`${at}.tag`, 'a tag is a string');
      if (++tags > MAX_SEGMENT_TAGS) throw invalidSegment(`${at}.tag`, `at most ${MAX_SEGMENT_TAGS} tags in one expression`);
      try {
        return { kind: 'tag', name: normalizeTag(n.tag) };
      } catch (error) {
        throw invalidSegment(`${at}.tag`, (error as Error).message);
      }
    }
    if (kind === 'not') return { kind: 'not', child: walk(n.not, `${at}.not`, depth + 1) };
    const list = n[kind];
    if (!Array.isArray(list) || list.length === 0) throw invalidSegment(`${at}.${kind}`, `${kind} needs at least one expression`);
    if (list.length > MAX_SEGMENT_TAGS) throw invalidSegment(`${at}.${kind}`, `at most ${MAX_SEGMENT_TAGS} expressions`);
    return { kind, children: list.map((child, i) => walk(child, `${at}.${kind}[${i}]`, depth + 1)) };
  };
  return walk(input, path, 1);
}

/** Every tag an expression names, once each, in first-seen order. */
export function tagsOf(node: SegmentNode): string[] {
  const out = new Set<string>();
  const walk = (n: SegmentNode): void => {
    if (n.kind === 'tag') out.add(n.name);
    else if (n.kind === 'not') walk(n.child);
    else n.children.forEach(walk);
  };
  walk(node);
  return [...out];
}

/** The tags whose members are the candidates of a segment, or null when only a scan of every member will do. */
export type Driver = string[] | null;

/**
 * The smallest set of tags whose members include every member of the segment: a tag drives itself; `and` is driven
 * by its cheapest driven child (the others only filter); `or` by the union of its children's drivers, if all have
 * one; `not` has none (its members are everyone else). `sizes` gives members per tag (-1: no such tag, none).
 */
export function driverOf(node: SegmentNode, sizes: ReadonlyMap<string, number>): Driver {
  const cost = (d: Driver): number => (d === null ? Infinity : d.reduce((s, t) => s + Math.max(0, sizes.get(t) ?? 0), 0));
  switch (node.kind) {
    case 'tag':
      return (sizes.get(node.name) ?? -1) < 0 ? [] : [node.name];
    case 'not':
      return null;
    case 'or': {
      const drivers = node.children.map((c) => driverOf(c, sizes));
      return drivers.some((d) => d === null) ? null : [...new Set(drivers.flat() as string[])];
    }
    case 'and': {
      const drivers = node.children.map((c) => driverOf(c, sizes)).filter((d): d is string[] => d !== null);
      return drivers.length ? drivers.sort((a, b) => cost(a) - cost(b))[0] : null;
    }
  }
}

/** A segment as Cypher: a fixed skeleton with the predicate built from fixed fragments; tag names only in $tags. */
export interface CompiledSegment {
  /** Which statement skeleton: driven by tags, or a scan of all members. */
  driven: boolean;
  /** The predicate over `m`, referring to bound tag nodes t0, t1... ($tags[i]); tags no member has are `false`. */
  predicate: string;
  /** Tag names bound as t0, t1, ... */
  bound: string[];
  driverTags: string[];
  /** Members the statement will look at: the drivers' sizes added up, or every member. */
  candidates: number;
}

/** Compiles a validated expression; the predicate text depends only on the expression's shape, never on tag names. */
export function compileSegment(node: SegmentNode, sizes: ReadonlyMap<string, number>, totalMembers: number): CompiledSegment {
  const bound = tagsOf(node).filter((t) => (sizes.get(t) ?? -1) >= 0);
  const predicate = (n: SegmentNode): string => {
    switch (n.kind) {
      case 'tag': {
        const i = bound.indexOf(n.name);
        return i < 0 ? 'false' : `EXISTS { (m)-[:HAS_TAG]->(t${i}) }`;
      }
      case 'not':
        return `(NOT ${predicate(n.child)})`;
      default:
        return `(${n.children.map(predicate).join(n.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
  };
  const driver = driverOf(node, sizes);
  return {
    driven: driver !== null,
    predicate: predicate(node),
    bound,
    driverTags: driver ?? [],
    candidates: driver === null ? totalMembers : driver.reduce((s, t) => s + Math.max(0, sizes.get(t) ?? 0), 0),
  };
}
