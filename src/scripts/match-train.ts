import 'reflect-metadata';
import { openDatabase } from '../app/app';
import { loadConfig } from '../app/config';
import { trainAndStore } from '../identity/matching.train.service';
import { levelWeight, MATCH_RULES } from '../identity/matching.model';
import { ConfigError } from '../platform/config';
import { logger } from '../platform/logger';
import { EmbeddedNeo4jError } from '../platform/neo4j/embedded';

/** `npm run match:train`: re-estimates the matching model's m and u from the accounts in the graph (EM) and stores it. */
async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  const database = await openDatabase(config);
  try {
    const started = Date.now();
    const model = await trainAndStore(database.db, config.matching);
    const { accounts, candidates, random } = model.trainingPairs;
    process.stdout.write(`trained on ${accounts} accounts (${candidates} candidate pairs, ${random} random pairs) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    process.stdout.write(`prior ${model.priorWeight.toFixed(2)} bits; match weights (bits):\n`);
    for (const rule of MATCH_RULES) {
      const levels = Object.keys(model.m[rule]) as (keyof typeof model.m[typeof rule])[];
      process.stdout.write(`  ${rule.padEnd(11)} ${levels.map((l) => `${l} ${levelWeight(model, rule, l).toFixed(2)}`).join(', ')}\n`);
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof ConfigError || error instanceof EmbeddedNeo4jError ? error.message : String(error)}\n`);
  process.exit(1);
});
