import { Named, statement } from '../platform/neo4j/cypher';
import { Tx } from '../platform/neo4j/database';
import { IdentityConfig } from './identity.config';
import { IdentityChangeKind } from './change.type';

const appendChanges = statement<Named<'changes'>>('identity/append-changes', ['changes']);

/** The kinds the API exposes (IdentityChangeKind), as the string values the outbox stores. */
export type ChangeKind = `${IdentityChangeKind}`;

/**
 * One change of who-is-who. It concerns `accountIds` and every account of `fromMemberIds` as they are when it is
 * recorded, so a merge or an erasure records its change before it moves or deletes the accounts.
 */
export interface ChangeRecord {
  kind: ChangeKind;
  /** The member the accounts belong to afterwards (for ERASED: the member erased). */
  memberId: string;
  mergedMemberIds?: string[];
  accountIds?: string[];
  fromMemberIds?: string[];
}

/**
 * Appends changes to the outbox in the caller's transaction: they commit with the change itself, or not at all.
 * Nothing is recorded when IDENTITY_CHANGES_OUTBOX is off.
 */
export async function recordChanges(tx: Tx, config: Pick<IdentityConfig, 'identityChanges'>, changes: ChangeRecord[]): Promise<void> {
  if (!config.identityChanges || !changes.length) return;
  await tx.run(appendChanges, {
    changes: changes.map((c) => ({ mergedMemberIds: [], accountIds: [], fromMemberIds: [], ...c })),
  });
}

export function recordChange(tx: Tx, config: Pick<IdentityConfig, 'identityChanges'>, change: ChangeRecord): Promise<void> {
  return recordChanges(tx, config, [change]);
}
