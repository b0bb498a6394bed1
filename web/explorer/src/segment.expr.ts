/** The builder's tree: groups of tags and groups, each possibly negated. */
export interface TagTerm {
  kind: 'tag';
  tag: string;
  negated: boolean;
}

export interface Group {
  kind: 'group';
  op: 'and' | 'or';
  negated: boolean;
  terms: Term[];
}

export type Term = TagTerm | Group;

/** The API's SegmentExpr: exactly one field set. */
export type SegmentExpr = { tag: string } | { and: SegmentExpr[] } | { or: SegmentExpr[] } | { not: SegmentExpr };

const negate = (expr: SegmentExpr, negated: boolean): SegmentExpr => (negated ? { not: expr } : expr);

/**
 * The SegmentExpr of a builder tree, or null while it selects nothing yet (no tag chosen anywhere). Tags left blank
 * and empty groups are skipped; a group of one term is that term.
 */
export function toSegmentExpr(term: Term): SegmentExpr | null {
  if (term.kind === 'tag') return term.tag ? negate({ tag: term.tag }, term.negated) : null;
  const parts = term.terms.map(toSegmentExpr).filter((expr): expr is SegmentExpr => expr !== null);
  if (parts.length === 0) return null;
  const combined: SegmentExpr = parts.length === 1 ? parts[0] : term.op === 'and' ? { and: parts } : { or: parts };
  return negate(combined, term.negated);
}

/** The expression as an analyst reads it: `(88vip AND NOT region:hangzhou)`. */
export function describe(expr: SegmentExpr): string {
  if ('tag' in expr) return expr.tag;
  if ('not' in expr) return `NOT ${describe(expr.not)}`;
  const [op, parts] = 'and' in expr ? ['AND', expr.and] : ['OR', expr.or];
  return `(${parts.map(describe).join(` ${op} `)})`;
}
