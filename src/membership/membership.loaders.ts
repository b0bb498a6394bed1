import DataLoader from 'dataloader';
import { Database } from '../platform/neo4j/database';
import { BenefitDefinition } from './benefit.rules';
import { MembershipConfig } from './membership.config';
import { loadBenefitCatalog, loadLoyaltyHistories, loadMembershipsByMember, loadSpends, loadStandings } from './membership.repository';
import { pagedLoader } from '../platform/paged.loader';
import { SPEND_WINDOW_MS, usageWindow } from './membership.service';


const CATALOG_TTL_MS = 60_000;
const catalogs = new WeakMap<Database, { expires: number; catalog: Promise<BenefitDefinition[]> }>();

/**
 * The benefit catalog, read at most once a minute per process: it changes only when a deployment seeds a new one
 * (catalog.seed.ts), and every profile and eligibility answer needs it.
 */
function cachedCatalog(db: Database): Promise<BenefitDefinition[]> {
  const cached = catalogs.get(db);
  if (cached && cached.expires > Date.now()) return cached.catalog;
  const catalog = loadBenefitCatalog(db.autoCommit);
  catalogs.set(db, { expires: Date.now() + CATALOG_TTL_MS, catalog });
  catalog.catch(() => catalogs.delete(db));
  return catalog;
}

/** Per-request loaders of the membership domain; `now` is fixed for the request so every answer agrees. */
export function createMembershipLoaders(db: Database, config: MembershipConfig, now: Date) {
  const window = usageWindow(now, config.programs.periodUtcOffsetHours);
  return {
    standingByMember: new DataLoader((ids: readonly string[]) => loadStandings(db.autoCommit, ids, window)),
    /** RMB spent over the last 12 months; read only by the fields that need it (annualSpend, APASS). */
    spendByMember: new DataLoader((ids: readonly string[]) => loadSpends(db.autoCommit, ids, new Date(now.getTime() - SPEND_WINDOW_MS))),
    membershipsByMember: new DataLoader((ids: readonly string[]) => loadMembershipsByMember(db, ids)),
    loyaltyHistoryByMember: pagedLoader((ids, first) => loadLoyaltyHistories(db, ids, first)),
    benefitCatalog: new DataLoader(async (keys: readonly string[]) => {
      const catalog = await cachedCatalog(db);
      return keys.map(() => catalog);
    }),
  };
}

export type MembershipLoaders = ReturnType<typeof createMembershipLoaders>;
