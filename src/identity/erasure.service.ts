import { Database } from '../platform/neo4j/database';
import { eraseMember as eraseMemberGraph } from './identity.repository';
import { recordAuditEvent } from './matching.repository';

/**
 * Deletes a member with its accounts, identifiers and links. The audit trail keeps that an erasure happened and
 * how many accounts it removed, nothing that points to the person. False when there was no such member.
 */
export function eraseMember(db: Database, id: string): Promise<boolean> {
  return db.write(async (tx) => {
    const erased = await eraseMemberGraph(tx, id);
    if (!erased) return false;
    await recordAuditEvent(tx, { type: 'ERASE', memberIds: [], detail: `${erased.accounts} accounts erased` });
    return true;
  }, 'eraseMember');
}
