import { Named, statement } from './cypher';
import { Database } from './database';

const nextGenerationStatement = statement<Named<'key'>, { generation: number }>('platform/next-generation', ['key']);

/**
 * Numbers a run of background work (`key`: 'item-similarity', 'member-tags') before it reads the graph, in the order
 * runs begin on every instance, so that storing its result can refuse to replace that of a run begun later.
 */
export async function nextGeneration(db: Database, key: string): Promise<number> {
  const [row] = await db.writeOne(nextGenerationStatement, { key });
  return Number(row.generation);
}
