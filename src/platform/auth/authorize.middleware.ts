import { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { AppError, ErrorCode } from '../errors';
import { FieldMiddleware } from '../field.gate';
import { Principal, Role } from './principal';

/** A rule for one root field: who may call it and, for some roles, whether these arguments are theirs. */
export interface AccessRule<TContext> {
  roles: Role[];
  /** Decides for member and partner callers whether the arguments are within their scope. */
  scope?: (principal: Principal, args: Record<string, any>, context: TContext) => Promise<boolean> | boolean;
}

export interface AccessPolicy<TContext> {
  /** Keyed "Query.member", "Mutation.redeemBenefit", ...; a root field without a rule is for admins only. */
  rootFields: Record<string, AccessRule<TContext>>;
  /** Fields ("Member.accounts") a role may not read at all. */
  hiddenFields: Partial<Record<Role, ReadonlySet<string>>>;
  /** Fields whose values a role sees masked. */
  maskedFields: Partial<Record<Role, ReadonlySet<string>>>;
  mask: (value: unknown) => unknown;
  /** Fields below the root whose arguments name a resource ("Member.recommendations" names an app): whether they are the caller's. */
  fieldScopes?: Record<string, NonNullable<AccessRule<TContext>['scope']>>;
  /** Fields a role reads through a view: what the resolver returned, narrowed for that role (a partner's own app). */
  views: Partial<Record<Role, Record<string, (value: unknown, source: any, principal: Principal) => unknown>>>;
}

const forbidden = (what: string): AppError => new AppError(ErrorCode.FORBIDDEN, `Not allowed: ${what}`);

/**
 * The one place where access is decided: a middleware in front of every field (field.gate.ts) that checks every root
 * field against the policy and, below the root, hides or masks fields by role. Resolvers stay free of access checks.
 */
export function authorize<TContext extends { principal: Principal }>(policy: AccessPolicy<TContext>): FieldMiddleware<TContext> {
  // Not async where nothing waits: this runs on every field of every response, and admins pass straight through.
  return ({ root, args, context, info }, next) => {
    const { principal } = context;
    if (principal.dev || principal.role === 'admin') return next();
    const key = fieldKey(info);
    if (ROOT_TYPES.has(info.parentType.name)) {
      const checked = checkRootField(policy, key, info.fieldName, principal, args, context);
      return checked ? checked.then(() => next()) : next();
    }
    if (policy.hiddenFields[principal.role]?.has(key)) throw forbidden(`${principal.role} may not read ${key}`);
    const scope = policy.fieldScopes?.[key];
    if (scope) {
      return Promise.resolve(scope(principal, args, context)).then((allowed) => {
        if (!allowed) throw forbidden(`${key} on data that is not the caller's`);
        const view = policy.views[principal.role]?.[key];
        return view ? Promise.resolve(next()).then((value) => view(value, root, principal)) : next();
      });
    }
    if (policy.maskedFields[principal.role]?.has(key)) return Promise.resolve(next()).then((value) => policy.mask(value));
    const view = policy.views[principal.role]?.[key];
    if (view) return Promise.resolve(next()).then((value) => view(value, root, principal));
    return next();
  };
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** Throws FORBIDDEN unless the policy lets the principal call the root field with these arguments; a promise when the scope is asynchronous. */
function checkRootField<TContext>(policy: AccessPolicy<TContext>, key: string, name: string, principal: Principal, args: Record<string, any>, context: TContext): Promise<void> | undefined {
  const rule = policy.rootFields[key];
  if (!rule || !rule.roles.includes(principal.role)) throw forbidden(`${principal.role} may not use ${name}`);
  if (!rule.scope) return undefined;
  return Promise.resolve(rule.scope(principal, args, context)).then((allowed) => {
    if (!allowed) throw forbidden(`${name} on data that is not the caller's`);
  });
}

/**
 * Field middlewares run on a subscription's events (its resolve), not on its start: this puts the same root-field
 * check in front of each Subscription field's subscribe, so a refused subscription never starts reading.
 */
export function guardSubscriptions<TContext extends { principal: Principal }>(schema: GraphQLSchema, policy: AccessPolicy<TContext>): GraphQLSchema {
  const fields = schema.getSubscriptionType()?.getFields() ?? {};
  for (const field of Object.values(fields)) {
    const subscribe = field.subscribe;
    if (!subscribe) continue;
    field.subscribe = async (source, args, context: TContext, info) => {
      const { principal } = context;
      if (!principal.dev && principal.role !== 'admin') await checkRootField(policy, `Subscription.${field.name}`, field.name, principal, args, context);
      return subscribe(source, args, context, info);
    };
  }
  return schema;
}

function fieldKey(info: GraphQLResolveInfo): string {
  return `${info.parentType.name}.${info.fieldName}`;
}

/**
 * The root-field check for a way in that is not a GraphQL field (POST /export/segment is "Export.segment" in the
 * policy): FORBIDDEN unless the policy lets the principal use it; admins always may.
 */
export async function requireAccess<TContext>(policy: AccessPolicy<TContext>, key: string, principal: Principal, args: Record<string, any>, context: TContext): Promise<void> {
  if (principal.dev || principal.role === 'admin') return;
  await checkRootField(policy, key, key, principal, args, context);
}

/** Whether the principal may use at least one field of a root type (`Subscription`): admins may use every field, other roles those the policy names them in. */
export function mayUseAnyFieldOf<TContext>(policy: AccessPolicy<TContext>, rootType: string, principal: Principal): boolean {
  if (principal.dev || principal.role === 'admin') return true;
  return Object.entries(policy.rootFields).some(([key, rule]) => key.startsWith(`${rootType}.`) && rule.roles.includes(principal.role));
}
