import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database } from '../platform/neo4j/database';
import { BRAND_SEEDS } from './brand.catalog';
import { Brand } from './brand.type';
import { inKeyOrder } from '../platform/neo4j/key.order';

const brandsStatement = statement<Named<'first'>>('catalog/brands', ['first']);
const brandsByIndustryStatement = statement<Named<'industry' | 'first'>>('catalog/brands-by-industry', ['industry', 'first']);
const brandsByIdStatement = statement<Named<'ids'>>('catalog/brands-by-id', ['ids']);
const seedBrandsStatement = statement<Named<'brands'>>('catalog/seed-brands', ['brands']);

export async function listBrands(db: Database, industry: string | null, first: number): Promise<Brand[]> {
  const rows = industry
    ? await db.readOne(brandsByIndustryStatement, { industry, first: cypherInt(first) })
    : await db.readOne(brandsStatement, { first: cypherInt(first) });
  return rows.map((r) => r.brand as Brand);
}

/** Batch: the brand for each id (null for a miss), in key order. */
export async function loadBrandsById(db: Database, ids: readonly string[]): Promise<(Brand | null)[]> {
  const rows = await db.readOne(brandsByIdStatement, { ids });
  return inKeyOrder(ids, rows, (r) => r.id as string, (r) => (r.brand as Brand | null) ?? null, null);
}

/** Writes the brand catalog; idempotent, run at every start-up. */
export async function seedBrands(db: Database): Promise<void> {
  await db.writeOne(seedBrandsStatement, { brands: BRAND_SEEDS });
}
