import DataLoader from 'dataloader';
import { Database } from '../platform/neo4j/database';
import { loadMemberTags } from './tag.repository';

/** Per-request loaders of the analytics domain. */
export function createAnalyticsLoaders(db: Database) {
  return {
    tagsByMember: new DataLoader((ids: readonly string[]) => loadMemberTags(db, ids)),
  };
}

export type AnalyticsLoaders = ReturnType<typeof createAnalyticsLoaders>;
