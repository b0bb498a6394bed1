import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  DocumentNode,
  getNamedType,
  getNullableType,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Lexer,
  OperationDefinitionNode,
  parse,
  Source,
  TokenKind,
  typeFromAST,
  validate,
} from 'graphql';
import { operationCost } from '../platform/http/operation.cost';
import { PROJECT_ROOT } from '../platform/config';
import { buildGraphQLSchema } from '../app/schema';

/**
 * Measures depth, aliases, tokens and cost of the real operations this project sends — every GraphQL document in
 * the tests and the README that is valid against the schema — so the hardening limits are set from data.
 */
function corpus(): { file: string; text: string }[] {
  const files = [
    path.join(PROJECT_ROOT, 'README.md'),
    ...fs.readdirSync(path.join(PROJECT_ROOT, 'test', 'api')).map((f) => path.join(PROJECT_ROOT, 'test', 'api', f)),
  ];
  const found: { file: string; text: string }[] = [];
  for (const file of files) {
    const content = fs.readFileSync(file, 'utf8');
    const candidates = [...content.matchAll(/`([^`]*\{[^`]*)`|^((?:query|mutation) .*)$/gm)].map((m) => m[1] ?? m[2]);
    for (const text of candidates) if (/^\s*(query|mutation|\{)/.test(text) && !text.includes('${')) found.push({ file: path.basename(file), text });
  }
  return found;
}

function tokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/** A value of the type for a variable the corpus does not give: lists sized 20, as a client's page would be. */
function placeholder(type: GraphQLInputType): unknown {
  if (isListType(getNullableType(type))) return [placeholder((getNullableType(type) as { ofType: GraphQLInputType }).ofType)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0].value;
  if (isInputObjectType(named)) {
    return Object.fromEntries(Object.values(named.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, placeholder(f.type)]));
  }
  return ({ Int: 20, Float: 1, Boolean: true, DateTime: '2026-01-01T00:00:00Z' } as Record<string, unknown>)[named.name] ?? 'x';
}

function measure(schema: ReturnType<typeof buildGraphQLSchema>, document: DocumentNode) {
  const seen = { depth: 0, aliases: 0, cost: 0 };
  const record = (key: keyof typeof seen) => (_: unknown, details: { n: number }) => {
    seen[key] = Math.max(seen[key], details.n);
  };
  const errors = validate(schema, document);
  if (errors.length) return null;
  validate(schema, document, [
    maxDepthRule({ n: 1e9, onAccept: [record('depth')], flattenFragments: true }),
    maxAliasesRule({ n: 1e9, onAccept: [record('aliases')] }),
  ]);
  // The cost the server enforces (platform/http/operation.cost.ts), with placeholder variables.
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const variables = Object.fromEntries(
    (operation?.variableDefinitions ?? []).map((v) => [v.variable.name.value, placeholder(typeFromAST(schema, v.type as never) as GraphQLInputType)]),
  );
  seen.cost = operationCost(schema, document, undefined, variables)?.cost ?? 0;
  return seen;
}

const schema = buildGraphQLSchema();
const rows: { file: string; depth: number; aliases: number; tokens: number; cost: number }[] = [];
for (const { file, text } of corpus()) {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch {
    continue;
  }
  const m = measure(schema, document);
  if (m) rows.push({ file, ...m, tokens: tokens(text) });
}
const max = (key: 'depth' | 'aliases' | 'tokens' | 'cost') => Math.max(...rows.map((r) => r[key]));
process.stdout.write(`measured ${rows.length} operations from the README and test/api\n`);
for (const key of ['depth', 'aliases', 'tokens', 'cost'] as const) {
  const sorted = rows.map((r) => r[key]).sort((a, b) => a - b);
  process.stdout.write(`${key.padEnd(8)} median ${sorted[Math.floor(sorted.length / 2)]}, max ${max(key)}\n`);
}
if (process.argv.includes('--list')) for (const r of [...rows].sort((a, b) => b.cost - a.cost).slice(0, 5)) process.stdout.write(`${JSON.stringify(r)}\n`);
