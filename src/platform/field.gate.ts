import { defaultFieldResolver, GraphQLResolveInfo, GraphQLSchema, isObjectType } from 'graphql';

/** One field being resolved, as a middleware sees it. */
export interface FieldCall<TContext> {
  root: any;
  args: Record<string, any>;
  context: TContext;
  info: GraphQLResolveInfo;
}

/**
 * Runs around a field's resolver: returns what `next()` returns (or a promise of it, or of a changed value), or
 * throws to refuse the field.
 */
export type FieldMiddleware<TContext> = (call: FieldCall<TContext>, next: () => unknown) => unknown;

/**
 * Puts `middleware` in front of the resolver of every field of every object type of the schema (introspection's
 * aside), scalars included. type-graphql's global middlewares do the same, but as two awaited async layers per
 * field, so every field, scalars too, answered a promise and graphql-js completed every value of every response
 * asynchronously (a third of the CPU of a profile request, BENCHMARKS.md §4). Here a middleware that lets the field
 * through answers the resolver's own value, synchronously when the resolver is synchronous.
 */
export function gateEveryField<TContext>(schema: GraphQLSchema, middleware: FieldMiddleware<TContext>): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args, context: TContext, info) => middleware({ root, args, context, info }, () => resolve(root, args, context, info));
    }
  }
  return schema;
}
