import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/** The fields a query asks for below a field, by name, with theirs below them (fragments merged, aliases ignored). */
export type SelectionTree = Map<string, SelectionTree>;

function collect(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, into: SelectionTree): void {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const below = into.get(selection.name.value) ?? new Map();
      into.set(selection.name.value, below);
      collect(selection.selectionSet, info, below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, info, into);
    } else {
      // Validation has refused fragment cycles before any resolver runs.
      collect(info.fragments[selection.name.value]?.selectionSet, info, into);
    }
  }
}

/**
 * What the query asks for below the field being resolved, so a resolver can read it all in one statement and hand
 * the parts to the loaders of the fields below. @skip and @include are not evaluated: a skipped field is read for
 * nothing, never missed.
 */
export function selectionOf(info: GraphQLResolveInfo): SelectionTree {
  const tree: SelectionTree = new Map();
  for (const node of info.fieldNodes as readonly FieldNode[]) collect(node.selectionSet, info, tree);
  return tree;
}
