import DataLoader from 'dataloader';
import { loadBrandsById } from '../analytics/brand.repository';
import { Database } from '../platform/neo4j/database';
import { loadBenefitCatalog, loadMembershipsByMember, loadStandings } from './membership.repository';

const TWELVE_MONTHS_MS = 365 * 24 * 3_600_000;

/** Per-request loaders of the membership domain; `now` is fixed for the request so every answer agrees. */
export function createMembershipLoaders(db: Database, now: Date) {
  return {
    standingByMember: new DataLoader((ids: readonly string[]) =>
      db.read((tx) => loadStandings(tx, ids, new Date(now.getTime() - TWELVE_MONTHS_MS), new Date(0)), 'memberStanding'),
    ),
    membershipsByMember: new DataLoader((ids: readonly string[]) => loadMembershipsByMember(db, ids)),
    benefitCatalog: new DataLoader(async (keys: readonly string[]) => {
      const catalog = await db.read((tx) => loadBenefitCatalog(tx), 'benefitCatalog');
      return keys.map(() => catalog);
    }),
    brandById: new DataLoader((ids: readonly string[]) => loadBrandsById(db, ids)),
  };
}

export type MembershipLoaders = ReturnType<typeof createMembershipLoaders>;
export const SPEND_WINDOW_MS = TWELVE_MONTHS_MS;
