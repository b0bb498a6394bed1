import { Database } from '../../src/platform/neo4j/database';
import { graphPlugins, hasGraphDataScience } from '../../src/platform/neo4j/graph.plugins';
import { testConfig } from '../support/api';
import { inline } from '../support/graph';

let db: Database;
beforeAll(() => {
  const config = testConfig();
  db = Database.connect(config.neo4j.uri!, config.neo4j);
});
afterAll(() => db.close());

const functionNames = inline('test/plugin-functions', "SHOW FUNCTIONS YIELD name WHERE name IN ['gds.version', 'apoc.version'] RETURN collect(name) AS names");

describe('graph plugins', () => {
  it('are reported as the server registered them', async () => {
    const [{ names }] = await db.readOne(functionNames, {});
    const plugins = await graphPlugins(db);
    expect(plugins).toEqual({ gds: (names as string[]).includes('gds.version'), apoc: (names as string[]).includes('apoc.version') });
    expect(await hasGraphDataScience(db)).toBe(plugins.gds);
  });

  if (!process.env.NEO4J_URI) {
    it('are loaded into the embedded Neo4j: GDS Community and APOC Core, callable (unrestricted)', async () => {
      expect(await graphPlugins(db)).toEqual({ gds: true, apoc: true });
      const [row] = await db.readOne(inline('test/plugin-versions', 'RETURN gds.version() AS gds, apoc.version() AS apoc'), {});
      expect(row).toEqual({ gds: '2.13.9', apoc: '5.26.19' });
      // A procedure that needs unrestricted access to the kernel: projecting and dropping an in-memory graph.
      const name = `plugins-${Date.now()}`;
      const [projected] = await db.readOne(
        inline('test/gds-project', "CALL gds.graph.project($name, '*', '*', {}) YIELD graphName RETURN graphName"),
        { name },
      );
      expect(projected.graphName).toBe(name);
      await db.readOne(inline('test/gds-drop', 'CALL gds.graph.drop($name) YIELD graphName RETURN graphName'), { name });
    });
  }
});
