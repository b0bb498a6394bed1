import DataLoader from 'dataloader';
import { Database } from '../platform/neo4j/database';
import { loadAccountsByMember, loadIdentifiersByAccount } from './account.repository';
import { loadMembersById } from './member.repository';
import { loadAuditTrails } from './audit.repository';
import { pagedLoader } from '../platform/paged.loader';

/** Per-request loaders: every list or relation field of the identity types resolves through one of these. */
export function createIdentityLoaders(db: Database) {
  return {
    memberById: new DataLoader((ids: readonly string[]) => loadMembersById(db, ids)),
    accountsByMember: new DataLoader((ids: readonly string[]) => loadAccountsByMember(db, ids)),
    identifiersByAccount: new DataLoader((ids: readonly string[]) => loadIdentifiersByAccount(db, ids)),
    auditTrailByMember: pagedLoader((ids, first) => loadAuditTrails(db, ids, first)),
  };
}

export type IdentityLoaders = ReturnType<typeof createIdentityLoaders>;
