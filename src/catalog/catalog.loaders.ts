import DataLoader from 'dataloader';
import { Database } from '../platform/neo4j/database';
import { loadBrandsById } from './brand.repository';

/** Per-request loaders of the catalog: brands (and, later, items) that every domain above may read. */
export function createCatalogLoaders(db: Database) {
  return {
    brandById: new DataLoader((ids: readonly string[]) => loadBrandsById(db, ids)),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
