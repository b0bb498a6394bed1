import DataLoader from 'dataloader';
import { Database } from '../platform/neo4j/database';
import { MembershipConfig } from './membership.config';
import { loadBenefitCatalog, loadMembershipsByMember, loadSpends, loadStandings } from './membership.repository';
import { SPEND_WINDOW_MS, usageWindow } from './membership.service';


/** Per-request loaders of the membership domain; `now` is fixed for the request so every answer agrees. */
export function createMembershipLoaders(db: Database, config: MembershipConfig, now: Date) {
  const window = usageWindow(now, config.programs.periodUtcOffsetHours);
  return {
    standingByMember: new DataLoader((ids: readonly string[]) => db.read((tx) => loadStandings(tx, ids, window), 'memberStanding')),
    /** RMB spent over the last 12 months; read only by the fields that need it (annualSpend, APASS). */
    spendByMember: new DataLoader((ids: readonly string[]) => db.read((tx) => loadSpends(tx, ids, new Date(now.getTime() - SPEND_WINDOW_MS)), 'memberSpend')),
    membershipsByMember: new DataLoader((ids: readonly string[]) => loadMembershipsByMember(db, ids)),
    benefitCatalog: new DataLoader(async (keys: readonly string[]) => {
      const catalog = await db.read((tx) => loadBenefitCatalog(tx), 'benefitCatalog');
      return keys.map(() => catalog);
    }),
  };
}

export type MembershipLoaders = ReturnType<typeof createMembershipLoaders>;
