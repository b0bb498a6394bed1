import { AppError, ErrorCode } from '../platform/errors';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database, Tx } from '../platform/neo4j/database';
import { eraseMember as eraseMemberGraph, redactChanges } from './erasure.repository';
import { recordAuditEvent } from './audit.repository';
import { recordChange } from './change.outbox';
import { IdentityConfig } from './identity.config';
import { lockMembers } from './member.repository';

const liveMemberId = statement<Named<'id'>>('identity/live-member-id', ['id']);
const lockMemberAccounts = statement<Named<'memberId'>>('identity/lock-member-accounts', ['memberId']);

/**
 * Another domain's part of erasing a member: it deletes what it owns of the member (memberships, events, ...) inside
 * the erasure's transaction, before identity removes the member and its accounts. The composition root lists them.
 */
export type ErasurePart = (tx: Tx, memberId: string) => Promise<void>;

/** A member can be merged away between reading and locking it; its survivor is locked instead, a few times at most. */
const LOCK_ROUNDS = 3;

/**
 * The live member an id names (itself, or the survivor it was merged into), write-locked with its accounts before
 * anything of it is read, and still that id's live member once locked: an account linked to it, a merge or an event
 * recorded meanwhile waits for the erasure, instead of landing after the erasure read the member (its ERASED change
 * missed the account; the event outlived the erasure) or moving the member away under it (the erasure then found
 * nothing to erase). Null when there is no such member.
 */
async function lockLiveMember(tx: Tx, id: string): Promise<string | null> {
  for (let round = 0; round < LOCK_ROUNDS; round++) {
    const [live] = await tx.run(liveMemberId, { id });
    if (!live) return null;
    const memberId = live.memberId as string;
    await lockMembers(tx, [memberId]);
    const [locked] = await tx.run(liveMemberId, { id });
    if (locked?.memberId !== memberId) continue;
    await tx.run(lockMemberAccounts, { memberId });
    return memberId;
  }
  throw new AppError(ErrorCode.CONFLICT, 'The member kept changing while it was being erased; retry the request');
}

/**
 * Deletes a member: every domain's part, then its accounts, identifiers and links, in one transaction. The audit
 * trail keeps that an erasure happened and how many accounts it removed, nothing that points to the person. False
 * when there was no such member.
 */
export function eraseMember(db: Database, config: IdentityConfig, id: string, parts: readonly ErasurePart[]): Promise<boolean> {
  return db.write(async (tx) => {
    const memberId = await lockLiveMember(tx, id);
    if (!memberId) return false;
    // The feeds forget the person: what was recorded of it before goes, and the erasure notice, recorded next (before
    // the accounts it names are deleted), is all that names its accounts, so each partner can delete its copy.
    await redactChanges(tx, memberId);
    await recordChange(tx, config, { kind: 'ERASED', memberId, fromMemberIds: [memberId] });
    for (const part of parts) await part(tx, memberId);
    const erased = await eraseMemberGraph(tx, memberId);
    if (!erased) return false;
    await recordAuditEvent(tx, { type: 'ERASE', memberIds: [], detail: `${erased.accounts} accounts erased` });
    return true;
  }, 'eraseMember');
}
