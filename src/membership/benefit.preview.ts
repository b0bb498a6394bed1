import { Tx } from '../platform/neo4j/database';
import { MembershipConfig } from './membership.config';
import { loadBenefitCatalog, loadStandings } from './membership.repository';
import { decideBenefit, usageWindow } from './membership.service';

/**
 * The benefits each member may use now (by id), decided by the same rules as Member.benefits, read inside the
 * caller's transaction: identity's previewLink asks it before and after a link it then rolls back.
 */
export function benefitsProbe(config: MembershipConfig, now: () => Date) {
  return async (tx: Tx, memberIds: string[]): Promise<Set<string>[]> => {
    const at = now();
    const offset = config.programs.periodUtcOffsetHours;
    const catalog = await loadBenefitCatalog(tx);
    const standings = await loadStandings(tx, memberIds, usageWindow(at, offset));
    return standings.map((row) => new Set(row ? catalog.filter((b) => decideBenefit(b, row, at, offset).eligible).map((b) => b.id) : []));
  };
}
