import fs from 'node:fs';
import path from 'node:path';
import { APPS } from '../identity/app.registry';
import { PROJECT_ROOT } from '../platform/config';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';

export interface CategorySeed {
  app: string;
  name: string;
  label: string;
}

export interface ItemSeed {
  id: string;
  title: string;
  app: string;
  category: string;
  brandId?: string | null;
  price?: number | null;
  /** The parts of the world it is for ("europe"); none: anywhere. */
  regions?: string[];
}

/** A place an event may name in its detail (a flight's destination) and its region. */
export interface DestinationSeed {
  name: string;
  region: string;
}

export interface SignalSeed {
  fromApp: string;
  fromCategory: string;
  toApp: string;
  toCategory: string;
  weight: number;
  windowDays: number;
  halfLifeDays: number;
}

export interface RecommendationSeeds {
  categories: CategorySeed[];
  items: ItemSeed[];
  signals: SignalSeed[];
  destinations: DestinationSeed[];
}

const DATA_DIR = path.join(PROJECT_ROOT, 'data', 'recommendation');
const APP_CODES = new Set(APPS.map((a) => a.code));
const REGION = /^[a-z]+(-[a-z]+)*$/;

const seedCatalogStatement = statement<Named<'categories' | 'items' | 'destinations'>>('recommendation/seed-catalog', ['categories', 'items', 'destinations']);
const seedSignalsStatement = statement<Named<'signals'>>('recommendation/seed-signals', ['signals']);

/** Why a cross-app signal is not valid, or null: known apps, category names, a weight from 0 to 10, sane days. */
export function signalProblem(s: SignalSeed): string | null {
  for (const app of [s.fromApp, s.toApp]) if (!APP_CODES.has(app)) return `unknown app code "${app}"`;
  for (const name of [s.fromCategory, s.toCategory]) if (!/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(name ?? '')) return `category "${name}" must be dot-separated lowercase words`;
  if (!(Number.isFinite(s.weight) && s.weight >= 0 && s.weight <= 10)) return 'weight must be from 0 to 10';
  if (!(Number.isInteger(s.windowDays) && s.windowDays >= 1 && s.windowDays <= 3660)) return 'windowDays must be a whole number from 1 to 3660';
  if (!(Number.isFinite(s.halfLifeDays) && s.halfLifeDays > 0 && s.halfLifeDays <= 3660)) return 'halfLifeDays must be above 0 and at most 3660';
  return null;
}

/** Reads data/recommendation/{catalog,signals}.json and checks them; a bad file stops start-up with a line saying where. */
export function loadRecommendationSeeds(dir = DATA_DIR): RecommendationSeeds {
  const read = (file: string): any => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const catalog = read('catalog.json');
  const { signals } = read('signals.json') as { signals: SignalSeed[] };
  const categories = catalog.categories as CategorySeed[];
  const items = catalog.items as ItemSeed[];
  const fail = (what: string): never => {
    throw new Error(`${dir}: ${what}`);
  };
  const known = new Set(categories.map((c) => `${c.app}:${c.name}`));
  for (const c of categories) if (!APP_CODES.has(c.app) || !c.name || !c.label) fail(`category ${JSON.stringify(c)} needs a known app, a name and a label`);
  const ids = new Set<string>();
  for (const it of items) {
    if (!it.id || ids.has(it.id)) fail(`item id "${it.id}" is missing or repeated`);
    ids.add(it.id);
    if (!it.title || !APP_CODES.has(it.app)) fail(`item ${it.id} needs a title and a known app`);
    if (!known.has(`${it.app}:${it.category}`)) fail(`item ${it.id}: category ${it.app}:${it.category} is not in the categories list`);
    if (it.price != null && !(Number.isFinite(it.price) && it.price >= 0)) fail(`item ${it.id}: price must be a number of RMB from 0`);
    if (it.regions !== undefined && !(Array.isArray(it.regions) && it.regions.every((r) => REGION.test(r)))) fail(`item ${it.id}: regions must be lower-case words`);
  }
  const destinations = Object.entries((catalog.destinations ?? {}) as Record<string, string>).map(([name, region]) => ({ name, region }));
  for (const d of destinations) if (!d.name || !REGION.test(d.region)) fail(`destination "${d.name}" needs a region of lower-case words`);
  for (const s of signals) {
    const problem = signalProblem(s);
    if (problem) fail(`signal ${s.fromApp}:${s.fromCategory} -> ${s.toApp}:${s.toCategory}: ${problem}`);
  }
  return {
    categories,
    items: items.map((it) => ({ ...it, brandId: it.brandId ?? null, price: it.price ?? null, regions: it.regions ?? [] })),
    signals,
    destinations,
  };
}

/** Writes the catalog (created or updated) and the seed signals (only those not in the graph yet); idempotent. */
export async function seedRecommendationCatalog(db: Database, seeds: RecommendationSeeds = loadRecommendationSeeds()): Promise<void> {
  await db.write(async (tx) => {
    await tx.run(seedCatalogStatement, { categories: seeds.categories, items: seeds.items, destinations: seeds.destinations });
    await tx.run(seedSignalsStatement, { signals: seeds.signals });
  }, 'seedRecommendationCatalog');
}
