import { Named, statement } from './cypher';
import { Database } from './database';

/** Which graph plugins the connected Neo4j has loaded. */
export interface GraphPlugins {
  /** Graph Data Science (gds.* procedures: node similarity, Louvain, PageRank, ...). */
  gds: boolean;
  /** APOC Core (apoc.* procedures and functions). */
  apoc: boolean;
}

const pluginFunctions = statement<Named<never>, GraphPlugins>('platform/graph-plugins', []);

const known = new WeakMap<Database, Promise<GraphPlugins>>();

/**
 * Asks the server once per Database which plugins it has: the embedded Neo4j loads GDS Community and APOC Core from
 * neo4j-embedded/target/plugins, an external server may have neither. A failed check (database down) is not
 * remembered, so the next call asks again.
 */
export function graphPlugins(db: Database): Promise<GraphPlugins> {
  let answer = known.get(db);
  if (!answer) {
    answer = db.readOne(pluginFunctions).then(([row]) => ({ gds: row?.gds === true, apoc: row?.apoc === true }));
    known.set(db, answer);
    answer.catch(() => known.delete(db));
  }
  return answer;
}

/** True when Graph Data Science procedures can be called (gds.graph.project, gds.nodeSimilarity.write, gds.louvain...). */
export async function hasGraphDataScience(db: Database): Promise<boolean> {
  return (await graphPlugins(db)).gds;
}
