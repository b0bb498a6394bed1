import { rebuildBrandSummaries } from '../analytics/brand.summary';
import fs from 'node:fs';
import path from 'node:path';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { createProgress } from '../importing/import.progress';
import { loadRecommendationSeeds } from '../recommendation/catalog.seed';
import { ecosystemBatch, ecosystemBrands, ecosystemItems, EcosystemOptions } from './ecosystem.generate';

const seedBrands = statement<Named<'brands'>>('catalog/seed-brands', ['brands']);
const seedCatalog = statement<Named<'categories' | 'items' | 'destinations'>>('recommendation/seed-catalog', ['categories', 'items', 'destinations']);
const loadDatabank = statement<Named<string>, { events: number }>('bench/load-databank', [
  'memberIds', 'memberNames', 'vip88', 'accountIds', 'accountMembers', 'apps', 'externalIds', 'birthDates', 'cities',
  'eventAccounts', 'eventKeys', 'eventTypes', 'eventAts', 'eventBrands', 'eventAmounts', 'eventRatings', 'eventTargets', 'tagMembers', 'tagNames',
]);
const loadEcosystem = statement<Named<string>, { itemEvents: number }>('bench/load-ecosystem', [
  'memberIds', 'loyaltyScores', 'apass', 'accountIds', 'accountNames', 'accountInitials', 'apps', 'hashes', 'kinds', 'masks',
  'itemEventAccounts', 'itemEventKeys', 'itemEventTypes', 'itemEventAts', 'itemIds', 'itemCategories',
]);
const firstMember = statement<Named<'id'>, { found: boolean }>('bench/member-exists', ['id']);

export interface GenerateArgs {
  /** Members 0 to `members - 1` exist afterwards. */
  members: number;
  /** The first member to generate: members below it are already in the store (a graph growing between sizes). */
  from?: number;
  seed: string;
  eventsPerMember: number;
  itemEventsPerMember: number;
  /** Members per batch: one write transaction each. */
  batch: number;
  /** Ground-truth file (one line per account), or null for none. */
  truthPath: string | null;
  /** Where the progress bar goes; false for none. */
  progress: NodeJS.WriteStream | false;
}

export interface EcosystemSummary {
  seed: string;
  members: number;
  accounts: number;
  identifiers: number;
  brandEvents: number;
  itemEvents: number;
  tags: number;
  brands: number;
  luxuryBrands: number;
  items: number;
  /** Members by the number of distinct apps they hold accounts on. */
  appsPerMember: Record<number, number>;
  scoreAbove1000: number;
  scoreAbove2500: number;
  vip88: number;
  apass: number;
  seconds: number;
  /** End of the generated year (ISO). */
  end: string;
}

/** End of the generated year: the start of today (UTC), so a run today and one tomorrow differ only in dates. */
export const generatedYearEnd = (now = Date.now()): number => Math.floor(now / 86_400_000) * 86_400_000;

/**
 * Generates the ecosystem of ecosystem.generate.ts into `db` through the bulk path: the brands and items first,
 * then one write transaction per batch of members (bench/load-databank, then bench/load-ecosystem), the next batch
 * generated while the previous one is written. Members are created, not merged, so the store must not already hold
 * them (checked first). Writes the ground truth when asked, and shows a progress bar.
 */
export async function generateEcosystem(db: Database, hashKey: string, args: GenerateArgs, now = Date.now()): Promise<EcosystemSummary> {
  const first = args.from ?? 0;
  const firstId = `dbk-${String(first).padStart(8, '0')}`;
  const [exists] = await db.readOne(firstMember, { id: firstId });
  if (exists?.found) throw new Error(`this database already holds generated member ${firstId}: generate into an empty one (a new NEO4J_DATA_DIR)`);
  const started = Date.now();
  const brands = ecosystemBrands();
  await db.writeOne(seedBrands, { brands });
  const items = ecosystemItems(loadRecommendationSeeds().items, brands);
  await db.writeOne(seedCatalog, { categories: [], items, destinations: [] });
  const end = generatedYearEnd(now);
  const options: EcosystemOptions = { seed: args.seed, eventsPerMember: args.eventsPerMember, itemEventsPerMember: args.itemEventsPerMember, end, brands, items, hashKey };
  const summary: EcosystemSummary = {
    seed: args.seed, members: first, accounts: 0, identifiers: 0, brandEvents: 0, itemEvents: 0, tags: 0, brands: brands.length,
    luxuryBrands: brands.filter((x) => x.luxury).length, items: items.length, appsPerMember: {}, scoreAbove1000: 0, scoreAbove2500: 0,
    vip88: 0, apass: 0, seconds: 0, end: new Date(end).toISOString(),
  };
  let truth: fs.WriteStream | null = null;
  if (args.truthPath) {
    fs.mkdirSync(path.dirname(args.truthPath), { recursive: true });
    truth = fs.createWriteStream(args.truthPath);
    truth.write('app\texternalId\tperson\tnoise\n');
  }
  const progress = args.progress === false ? null : createProgress({ label: 'generate', totalBytes: args.members, startBytes: first, unit: 'members', stream: args.progress });
  let inFlight: Promise<void> | null = null;
  try {
    for (let from = first; from < args.members; from += args.batch) {
      const b = ecosystemBatch(from, Math.min(args.batch, args.members - from), options);
      for (let m = 0; m < b.memberIds.length; m++) {
        const apps = new Set(b.accountMembers.flatMap((owner, a) => (owner === m ? [b.apps[a]] : []))).size;
        summary.appsPerMember[apps] = (summary.appsPerMember[apps] ?? 0) + 1;
        if (b.loyaltyScores[m] >= 1000) summary.scoreAbove1000++;
        if (b.loyaltyScores[m] > 2500) summary.scoreAbove2500++;
        if (b.vip88[m]) summary.vip88++;
        if (b.apass[m]) summary.apass++;
      }
      summary.accounts += b.accountIds.length;
      summary.identifiers += b.hashes.reduce((s, h) => s + h.length, 0);
      summary.tags += b.tagNames.length;
      if (truth) truth.write(b.truth.join('\n') + '\n');
      if (inFlight) await inFlight;
      const done = from + b.memberIds.length;
      inFlight = db
        .write(async (tx) => {
          const [databank] = await tx.run(loadDatabank, b as unknown as Named<string>);
          const [eco] = await tx.run(loadEcosystem, b as unknown as Named<string>);
          return { events: databank.events, itemEvents: eco.itemEvents };
        }, 'bench/generate-ecosystem')
        .then(({ events, itemEvents }) => {
          summary.brandEvents += events;
          summary.itemEvents += itemEvents;
          summary.members = done;
          progress?.update({ bytesDone: done, accounts: summary.accounts });
        });
    }
    if (inFlight) await inFlight;
  } finally {
    if (truth) await new Promise((resolve) => truth!.end(resolve));
  }
  // The bulk statements write events without the brand summaries the event writes keep; built here from the events.
  await rebuildBrandSummaries(db);
  summary.seconds = (Date.now() - started) / 1000;
  progress?.done({ bytesDone: summary.members, accounts: summary.accounts });
  summary.members -= first;
  return summary;
}
