import { ConfigError, loadConfig } from '../../src/platform/config';

describe('loadConfig', () => {
  it('has defaults that run the embedded Neo4j', () => {
    const config = loadConfig({});
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.port).toBe(4000);
    expect(config.embedded.boltPort).toBe(7687);
    expect(config.identifierHashKeyIsDefault).toBe(true);
  });

  it('accepts routing and bolt URIs', () => {
    expect(loadConfig({ NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io' }).neo4j.uri).toBe('neo4j+s://abc.databases.neo4j.io');
    expect(loadConfig({ NEO4J_URI: 'bolt://db:7687' }).neo4j.uri).toBe('bolt://db:7687');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ NEO4J_URI: 'http://localhost:7474' }, /NEO4J_URI/],
    [{ NEO4J_HEAP: 'lots' }, /NEO4J_HEAP/],
    [{ DEMO_DATA: 'maybe' }, /DEMO_DATA/],
    [{ LOG_LEVEL: 'chatty' }, /LOG_LEVEL/],
    [{ IDENTIFIER_HASH_KEY: 'short' }, /IDENTIFIER_HASH_KEY/],
    [{ NODE_ENV: 'production' }, /IDENTIFIER_HASH_KEY/],
  ])('stops with one line naming the variable for %p', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
