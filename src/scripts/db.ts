import { ConfigError } from '../platform/config';
import { loadConfig } from '../app/config';
import { EmbeddedNeo4jError, startEmbeddedNeo4j } from '../platform/neo4j/embedded';

/** Runs the embedded Neo4j alone in the foreground, for tools or several API processes sharing it (NEO4J_URI). */
async function db(): Promise<void> {
  const config = loadConfig();
  if (config.neo4j.uri) throw new ConfigError('NEO4J_URI is set: `npm run db` starts the embedded Neo4j only when it is unset');
  const neo4j = await startEmbeddedNeo4j(config.embedded);
  process.stdout.write(`Neo4j is listening at ${neo4j.uri} (no auth, loopback only); point API processes at it with NEO4J_URI=${neo4j.uri}. Ctrl-C stops it.\n`);
  const stop = async (): Promise<void> => {
    await neo4j.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

db().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof ConfigError || error instanceof EmbeddedNeo4jError ? error.message : String(error)}\n`);
  process.exit(1);
});
