import { cypher } from '../platform/neo4j/cypher';
import { cypherInt, Database } from '../platform/neo4j/database';
import { Brand } from './brand.type';

const brandsStatement = cypher('analytics/brands');
const brandsByIndustryStatement = cypher('analytics/brands-by-industry');
const brandsByIdStatement = cypher('membership/brands-by-id');

export async function listBrands(db: Database, industry: string | null, first: number): Promise<Brand[]> {
  const rows = industry
    ? await db.readOne(brandsByIndustryStatement, { industry, first: cypherInt(first) })
    : await db.readOne(brandsStatement, { first: cypherInt(first) });
  return rows.map((r) => r.brand as Brand);
}

/** Batch: the brand for each id (null for a miss), in key order. */
export async function loadBrandsById(db: Database, ids: readonly string[]): Promise<(Brand | null)[]> {
  const rows = await db.readOne(brandsByIdStatement, { ids });
  const byId = new Map(rows.map((r) => [r.id as string, (r.brand as Brand | null) ?? null]));
  return ids.map((id) => byId.get(id) ?? null);
}
