import { getNullableType, GraphQLID, GraphQLInputType, GraphQLResolveInfo, isListType, isNonNullType } from 'graphql';
import { badInput } from './errors';

// C0 controls except tab, newline and carriage return; DEL; C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Bidirectional overrides, embeddings, isolates and marks: they make stored names display as something else.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one: not text, and the
// database would silently store U+FFFD in its place.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this text may not be stored, or null when it may. */
export function unsafeTextReason(text: string): string | null {
  if (CONTROL.test(text)) return 'contains a control character (NUL and the like)';
  if (BIDI.test(text)) return 'contains a bidirectional control character';
  if (LONE_SURROGATE.test(text)) return 'is not well-formed Unicode (a lone surrogate)';
  return null;
}

function check(value: unknown, path: string): void {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    if (reason) throw badInput(`${path} ${reason}`, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => check(item, `${path}[${i}]`));
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) check(item, `${path}.${key}`);
  }
}

/** Whether a value given for a required ID (an `ID!`, or an item of `[ID!]`) is blank, as `member(id: "")`. */
function blankId(type: GraphQLInputType, value: unknown): boolean {
  if (!isNonNullType(type)) return isListType(type) && Array.isArray(value) && value.some((item) => blankId(type.ofType, item));
  const inner = getNullableType(type);
  if (isListType(inner)) return Array.isArray(value) && value.some((item) => blankId(inner.ofType, item));
  return inner === GraphQLID && typeof value === 'string' && value.trim() === '';
}

/**
 * Refuses string arguments that carry control, bidi or broken-Unicode characters, and blank values of required ids
 * (BAD_USER_INPUT): one gate for all input, before access is decided or anything is read.
 */
export function assertSafeArguments(args: Record<string, unknown>, info?: Pick<GraphQLResolveInfo, 'parentType' | 'fieldName'>): void {
  for (const name in args) {
    check(args[name], name);
    const definition = info?.parentType.getFields()[info.fieldName].args.find((d) => d.name === name);
    if (definition && blankId(definition.type, args[name])) throw badInput(`${name} must not be blank`, name);
  }
}
