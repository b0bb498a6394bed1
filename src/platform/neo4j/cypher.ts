import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';

/** Values passed to a statement, keyed by parameter name. */
export type Params = Record<string, unknown>;

/** A row of a result, converted to plain JS values at the gateway. */
export type Row = Record<string, unknown>;

/** Parameters named `K`, whose values the calling code validated already. */
export type Named<K extends string> = Record<K, unknown>;

/**
 * One Cypher statement from cypher/<name>.cypher, typed by the parameters it takes (P) and the rows it returns (R).
 * Its text never varies per request, so the plan cache keeps one plan for it.
 */
export interface Statement<P extends Params = Params, R = Row> {
  readonly name: string;
  readonly text: string;
  /** Carries the types only; never set. */
  readonly types?: { params: P; row: R };
}

const CYPHER_DIR = path.join(PROJECT_ROOT, 'cypher');

/** The parameters a statement's text uses: `$name` outside comments and string literals. */
export function parametersOf(text: string): Set<string> {
  const code = text
    .replace(/\/\/[^\n]*/g, '')
    .replace(/'(?:[^'\\]|\\.)*'/g, "''")
    .replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return new Set([...code.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
}

function read(name: string): string {
  const file = path.join(CYPHER_DIR, `${name}.cypher`);
  if (!fs.existsSync(file)) throw new Error(`Cypher statement ${name} is missing: expected ${file}`);
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Declares a statement: loads `cypher/<name>.cypher` and checks that the parameters its text uses are exactly
 * `params`. Modules declare their statements when they load, so a missing file or a parameter list that no longer
 * matches its file stops start-up instead of failing on the first request.
 */
export function statement<P extends Params = Named<never>, R = Row>(name: string, params: readonly (keyof P & string)[]): Statement<P, R> {
  const text = read(name);
  const used = parametersOf(text);
  const declared = new Set<string>(params);
  const missing = [...used].filter((p) => !declared.has(p));
  const unused = [...declared].filter((p) => !used.has(p));
  if (missing.length || unused.length) {
    throw new Error(
      `Cypher statement ${name} does not match its declaration: ${missing.length ? `undeclared $${missing.join(', $')}` : ''}${missing.length && unused.length ? '; ' : ''}${unused.length ? `declared but unused ${unused.join(', ')}` : ''}`,
    );
  }
  // The header comments stay in the file: a statement sent with them can pass ~1,400 bytes, one TCP segment, and a
  // message split across two segments waits up to 40 ms for a delayed ACK (measured by bench:api).
  return { name, text: withoutCommentLines(text) };
}

/** The statement without its whole-line `//` comments (the file header), as sent to the database. */
export function withoutCommentLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n')
    .trim();
}

/** Every statement of a folder in file-name order (schema migrations, which take no parameters). */
export function statementFolder(folder: string): Statement[] {
  return fs
    .readdirSync(path.join(CYPHER_DIR, folder))
    .filter((f) => f.endsWith('.cypher'))
    .sort()
    .map((f) => statement(`${folder}/${f.slice(0, -'.cypher'.length)}`, []));
}
