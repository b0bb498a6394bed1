import 'reflect-metadata';
import fs from 'node:fs';
import { openDatabase } from '../app/app';
import { loadConfig } from '../app/config';
import { EcosystemSummary, generateEcosystem, GenerateArgs } from '../bench/ecosystem.load';
import { formatDuration } from '../importing/import.progress';
import { ConfigError } from '../platform/config';
import { logger } from '../platform/logger';
import { EmbeddedNeo4jError } from '../platform/neo4j/embedded';

const USAGE =
  'usage: npm run generate -- --members 1000000 [--seed eco-1] [--events 16] [--item-events 6] [--batch 1000] [--truth file.tsv | --no-truth]';

class UsageError extends Error {}

export function parseGenerateArgs(argv: string[]): GenerateArgs {
  const args: GenerateArgs = { members: 0, seed: 'eco-1', eventsPerMember: 16, itemEventsPerMember: 6, batch: 1_000, truthPath: null, progress: process.stderr };
  let truth: string | null | undefined;
  const whole = (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number of at least ${min}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--members') args.members = whole(flag, argv[++i], 1);
    else if (flag === '--seed') args.seed = argv[++i] ?? '';
    else if (flag === '--events') args.eventsPerMember = whole(flag, argv[++i], 0);
    else if (flag === '--item-events') args.itemEventsPerMember = whole(flag, argv[++i], 0);
    else if (flag === '--batch') args.batch = whole(flag, argv[++i], 1);
    else if (flag === '--truth') truth = argv[++i];
    else if (flag === '--no-truth') truth = null;
    else throw new UsageError(`unknown option ${flag}\n${USAGE}`);
  }
  if (!args.members) throw new UsageError(USAGE);
  if (!args.seed) throw new UsageError(`--seed must not be empty\n${USAGE}`);
  args.truthPath = truth === undefined ? `.data/ecosystem/${args.seed}-${args.members}.truth.tsv` : truth;
  return args;
}

export function describeEcosystem(s: EcosystemSummary): string {
  const pct = (n: number) => `${((100 * n) / Math.max(1, s.members)).toFixed(1)} %`;
  const apps = Object.entries(s.appsPerMember).map(([k, n]) => `${k}: ${pct(n)}`).join(', ');
  return [
    `members ${s.members.toLocaleString('en-US')}, accounts ${s.accounts.toLocaleString('en-US')}, identifiers ${s.identifiers.toLocaleString('en-US')}`,
    `apps per member: ${apps}`,
    `brands ${s.brands.toLocaleString('en-US')} (${((100 * s.luxuryBrands) / s.brands).toFixed(1)} % luxury), items ${s.items.toLocaleString('en-US')}`,
    `events over the year to ${s.end.slice(0, 10)}: ${s.brandEvents.toLocaleString('en-US')} about brands, ${s.itemEvents.toLocaleString('en-US')} about items; tags ${s.tags.toLocaleString('en-US')}`,
    `loyalty score ≥ 1000: ${pct(s.scoreAbove1000)}, > 2500: ${pct(s.scoreAbove2500)}; 88VIP ${pct(s.vip88)}, APASS ${s.apass.toLocaleString('en-US')}`,
    `generated and loaded in ${formatDuration(s.seconds)} (${Math.round(s.members / Math.max(s.seconds, 0.001)).toLocaleString('en-US')} members/s)`,
  ].join('\n');
}

/**
 * `npm run generate -- --members N`: the seeded ecosystem (ecosystem.generate.ts) loaded into the configured database
 * (the embedded one in NEO4J_DATA_DIR, or NEO4J_URI), with a progress bar; writes the ground truth beside it.
 */
async function main(): Promise<void> {
  const args = parseGenerateArgs(process.argv.slice(2));
  const config = loadConfig({ ...process.env, DEMO_DATA: 'false' });
  logger.level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  const database = await openDatabase(config);
  try {
    const summary = await generateEcosystem(database.db, config.identifierHashKey, args);
    process.stdout.write(describeEcosystem(summary) + '\n');
    if (args.truthPath) {
      fs.writeFileSync(args.truthPath.replace(/\.tsv$/, '') + '.summary.json', JSON.stringify(summary, null, 2));
      process.stdout.write(`ground truth: ${args.truthPath} (one line per account: app, externalId, person, noise)\n`);
    }
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const known = error instanceof ConfigError || error instanceof EmbeddedNeo4jError || error instanceof UsageError;
    process.stderr.write(`error: ${known ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
