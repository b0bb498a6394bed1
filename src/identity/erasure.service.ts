import { Named, statement } from '../platform/neo4j/cypher';
import { Database, Tx } from '../platform/neo4j/database';
import { eraseMember as eraseMemberGraph } from './erasure.repository';
import { recordAuditEvent } from './audit.repository';
import { recordChange } from './change.outbox';
import { IdentityConfig } from './identity.config';

const liveMemberId = statement<Named<'id'>>('identity/live-member-id', ['id']);

/**
 * Another domain's part of erasing a member: it deletes what it owns of the member (memberships, events, ...) inside
 * the erasure's transaction, before identity removes the member and its accounts. The composition root lists them.
 */
export type ErasurePart = (tx: Tx, memberId: string) => Promise<void>;

/**
 * Deletes a member: every domain's part, then its accounts, identifiers and links, in one transaction. The audit
 * trail keeps that an erasure happened and how many accounts it removed, nothing that points to the person. False
 * when there was no such member.
 */
export function eraseMember(db: Database, config: IdentityConfig, id: string, parts: readonly ErasurePart[]): Promise<boolean> {
  return db.write(async (tx) => {
    const [live] = await tx.run(liveMemberId, { id });
    if (!live) return false;
    const memberId = live.memberId as string;
    // Recorded first: the change names the partner's accounts, which the erasure deletes.
    await recordChange(tx, config, { kind: 'ERASED', memberId, fromMemberIds: [memberId] });
    for (const part of parts) await part(tx, memberId);
    const erased = await eraseMemberGraph(tx, memberId);
    if (!erased) return false;
    await recordAuditEvent(tx, { type: 'ERASE', memberIds: [], detail: `${erased.accounts} accounts erased` });
    return true;
  }, 'eraseMember');
}
