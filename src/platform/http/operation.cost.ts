import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationTypeNode,
  SelectionSetNode,
} from 'graphql';

/** Arguments whose value is how many items a list field returns. */
const SIZE_ARGUMENTS = ['first', 'last', 'limit'];

/**
 * How many items a list of objects is assumed to hold when no argument bounds it (a member's accounts, its
 * benefits, a match's rule hits): about what the domain holds, so their nested fields count ten times, not once.
 */
export const ASSUMED_LIST_SIZE = 10;

export interface OperationCost {
  type: OperationTypeNode;
  /** How many fields executing the operation resolves, lists counted by their size. */
  cost: number;
  /** Root fields, aliases included: each root mutation field is one write. */
  rootFields: number;
}

/**
 * The cost of the operation a request selects, with its variables and the schema's default values applied, so
 * `first: $n` costs what `first: 500` costs. Every resolved field costs 1, times the sizes of the lists above it
 * (`first`, `last` or `limit`, or that of the object field right above, as `neighborhood(limit)` bounds its nodes and
 * edges and a connection's `first` its edges; else ASSUMED_LIST_SIZE for lists of objects); introspection costs nothing.
 * Returns undefined when the operation cannot run (no such operation, variables that do not coerce): execution
 * refuses those anyway. Fields the schema does not have cost nothing, fragment cycles are cut, and each fragment
 * is costed once, so an invalid document costs little time here and is refused by validation.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  rawVariables: Record<string, unknown> | undefined,
): OperationCost | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  let variables: Record<string, unknown>;
  try {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 1 });
    if (coerced.errors) return undefined;
    variables = coerced.coerced;
  } catch {
    return undefined;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fragmentCosts = new Map<string, number>();
  const visiting = new Set<string>();

  // `bound`: the size argument of the object field above (neighborhood(limit) bounds its nodes and edges lists,
  // reviews(first) its edges).
  const selectionCost = (type: GraphQLCompositeType, selectionSet: SelectionSetNode, bound?: number): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const field = fieldOf(type, selection.name.value);
        if (!field) continue;
        total += 1;
        const fieldType = getNamedType(field.type);
        const own = sizeArgument(field, selection, variables);
        const isList = isListType(getNullableType(field.type));
        // An object field with a size argument is resolved once; the size bounds the lists right below it.
        const size = isList ? (own ?? bound ?? ASSUMED_LIST_SIZE) : 1;
        const below = isList ? undefined : own;
        // An empty list resolves nothing below it (and 0 × an overflowed Infinity would be NaN).
        if (selection.selectionSet && isCompositeType(fieldType) && size > 0) {
          total += size * selectionCost(fieldType, selection.selectionSet, below);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (condition && isCompositeType(condition)) total += selectionCost(condition, selection.selectionSet, bound);
      } else {
        total += spreadCost(selection.name.value, bound);
      }
    }
    return total;
  };

  const spreadCost = (name: string, bound: number | undefined): number => {
    const key = `${name}:${bound ?? ''}`;
    const known = fragmentCosts.get(key);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    const condition = fragment && schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !condition || !isCompositeType(condition) || visiting.has(name)) return 0;
    visiting.add(name);
    const cost = selectionCost(condition, fragment.selectionSet, bound);
    visiting.delete(name);
    fragmentCosts.set(key, cost);
    return cost;
  };

  return {
    type: operation.operation,
    cost: selectionCost(root, operation.selectionSet),
    rootFields: countRootFields(operation.selectionSet, fragments),
  };
}

/** Root fields, through fragments; each fragment counted once and cycles cut, so nested spreads cannot blow up. */
function countRootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): number {
  const counted = new Map<string, number>();
  const count = (set: SelectionSetNode): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) total += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || counted.has(name)) {
          total += counted.get(name) ?? 0;
          continue;
        }
        counted.set(name, 0);
        counted.set(name, count(fragment.selectionSet));
        total += counted.get(name)!;
      }
    }
    return total;
  };
  return count(selectionSet);
}

function fieldOf(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

function sizeArgument(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): number | undefined {
  let args: Record<string, unknown> = {};
  try {
    args = getArgumentValues(field, node, variables);
  } catch {
    // An argument that does not coerce fails validation or execution; size the list as if it were absent.
  }
  for (const name of SIZE_ARGUMENTS) {
    const value = args[name];
    if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, Math.floor(value));
  }
  return undefined;
}
