import { createAnalyticsLoaders } from '../analytics/analytics.loaders';
import { createCatalogLoaders } from '../catalog/catalog.loaders';
import { ErasurePart } from '../identity/erasure.service';
import { createIdentityLoaders } from '../identity/identity.loaders';
import { eraseMembershipPart } from '../membership/membership.erasure';
import { eraseEventsPart } from '../recommendation/event.erasure';
import { refresherFor } from '../recommendation/similarity.refresh';
import { createMembershipLoaders } from '../membership/membership.loaders';
import { Principal } from '../platform/auth/principal';
import { Logger } from '../platform/logger';
import { Database } from '../platform/neo4j/database';
import { RequestContext } from '../platform/request.context';
import { Config } from './config';
import { readMemberProfile } from './member.profile';
import { usageWindow } from '../membership/membership.service';
import { SelectionTree } from '../platform/selection';
import { Member } from '../identity/member.type';
import { BenefitsProbe } from '../identity/link.service';
import { benefitsProbe } from '../membership/benefit.preview';
import { IdentityCache } from '../identity/identity.cache';

/** The whole request context: the platform's part, the whole configuration and every domain's loaders. */
export interface Context extends RequestContext {
  config: Config;
  loaders: ReturnType<typeof createLoaders>;
  identityCache: IdentityCache;
  erasureParts: readonly ErasurePart[];
  benefitsOf: BenefitsProbe;
  readMember(id: string, selection: SelectionTree): Promise<Member | null>;
}

/**
 * Each domain above identity erases what it owns of a member; identity then removes the member itself. Item
 * similarity, an aggregate over all members, is recomputed without the member shortly after.
 */
function erasureParts(db: Database, config: Config, log: Logger): readonly ErasurePart[] {
  const forgetInSimilarity: ErasurePart = async () => refresherFor(db, config.recommendation, log).refreshSoon();
  return [eraseMembershipPart, eraseEventsPart, forgetInSimilarity];
}

/** Loaders are made per request, so no cache is shared across requests. */
function createLoaders(db: Database, config: Config, now: Date) {
  return { ...createIdentityLoaders(db), ...createCatalogLoaders(db), ...createMembershipLoaders(db, config, now), ...createAnalyticsLoaders(db) };
}

export function createContext(db: Database, config: Config, identityCache: IdentityCache, log: Logger, requestId: string, principal: Principal): Context {
  const now = new Date();
  const loaders = createLoaders(db, config, now);
  const window = usageWindow(now, config.programs.periodUtcOffsetHours);
  const readMember = (id: string, selection: SelectionTree) => readMemberProfile(db, loaders, window, now, id, selection);
  const benefitsOf = benefitsProbe(config, () => now);
  return { db, config, log, requestId, principal, now, loaders, identityCache, erasureParts: erasureParts(db, config, log), readMember, benefitsOf };
}

/**
 * Forgets every value the request's loaders hold. A mutation runs after the access checks and earlier root fields
 * of the same request loaded members and accounts; what it answers must be read after its write, not from then.
 */
export function clearLoaders(context: Context): void {
  for (const loader of Object.values(context.loaders)) loader.clearAll();
}
