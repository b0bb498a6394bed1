import { Params, Row, Statement } from '../../src/platform/neo4j/cypher';

/** A statement written in a test, for what only tests ask of the graph. */
export const inline = (name: string, text: string): Statement<Params, Row> => ({ name, text });

/** Deletes a test's accounts (by external-id prefix) with their members and identifiers. */
export const deleteAccountsByPrefix = inline(
  'test/delete-accounts-by-prefix',
  `MATCH (a:Account) WHERE a.externalId STARTS WITH $prefix
   OPTIONAL MATCH (a)-[:BELONGS_TO]->(m:Member)
   OPTIONAL MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)
   DETACH DELETE a, m, i`,
);
