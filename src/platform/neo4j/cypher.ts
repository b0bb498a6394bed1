import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';

/** One Cypher statement loaded from cypher/<folder>/<name>.cypher; its text never varies per request. */
export interface CypherFile {
  name: string;
  text: string;
}

const CYPHER_DIR = path.join(PROJECT_ROOT, 'cypher');
const cache = new Map<string, CypherFile>();

/**
 * Loads `cypher/<name>.cypher` (e.g. `identity/upsert-account`) once; a missing file throws, so a module that
 * names its statements at load time stops start-up instead of failing on the first request.
 */
export function cypher(name: string): CypherFile {
  const cached = cache.get(name);
  if (cached) return cached;
  const file = path.join(CYPHER_DIR, `${name}.cypher`);
  if (!fs.existsSync(file)) throw new Error(`Cypher statement ${name} is missing: expected ${file}`);
  const text = fs.readFileSync(file, 'utf8').trim();
  const statement = { name, text };
  cache.set(name, statement);
  return statement;
}

/** Loads every statement of a folder in file-name order (migrations). */
export function cypherFolder(folder: string): CypherFile[] {
  const dir = path.join(CYPHER_DIR, folder);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .sort()
    .map((f) => cypher(`${folder}/${f.slice(0, -'.cypher'.length)}`));
}
