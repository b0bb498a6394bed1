import { Named, statement, statementFolder } from './cypher';
import { Database } from './database';
import { logger } from '../logger';

const applied = statement('platform/applied-migrations', []);
const record = statement<Named<'version' | 'name'>>('platform/record-migration', ['version', 'name']);
const awaitIndexes = statement('platform/await-indexes', []);

/**
 * Applies the numbered files of cypher/schema/ that the graph has not recorded yet, in order, and records each
 * as (:Migration {version}). Statements use IF NOT EXISTS and runSchema runs one again when it loses a race with
 * another instance's, so two instances starting at once are both safe.
 */
export async function migrate(db: Database): Promise<number[]> {
  const done = new Set((await db.readOne(applied)).map((row) => Number(row.version)));
  const ran: number[] = [];
  for (const file of statementFolder('schema')) {
    const base = file.name.split('/').pop()!;
    const version = Number(/^(\d+)-/.exec(base)?.[1]);
    if (!Number.isInteger(version)) throw new Error(`schema file ${file.name} must start with a version number`);
    if (done.has(version)) continue;
    await db.runSchema(file.text);
    await db.writeOne(record, { version, name: base });
    ran.push(version);
  }
  if (ran.length) logger.info({ versions: ran }, 'schema migrations applied');
  await db.runSchema(awaitIndexes.text);
  return ran;
}
