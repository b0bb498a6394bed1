import { Named, statement } from '../platform/neo4j/cypher';
import { Tx } from '../platform/neo4j/database';
import { IdentityConfig } from './identity.config';
import { IdentityChangeKind } from './change.type';
import { IDENTITY_CHANGES_COMMITTED, Invalidation } from './identity.cache';

const appendChanges = statement<Named<'changes'>>('identity/append-changes', ['changes']);

/**
 * The kinds the API exposes (IdentityChangeKind), as the string values the outbox stores, and the kinds only API
 * instances read: CONSENT_WITHDRAWN changes a link's purposes (identity caches hold them), which partners' feeds,
 * subscriptions and webhooks leave out (changes-after.cypher).
 */
export type ChangeKind = `${IdentityChangeKind}` | typeof INTERNAL_CHANGE_KINDS[number];

export const INTERNAL_CHANGE_KINDS = ['CONSENT_WITHDRAWN'] as const;

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

/** What a change makes an identity cache forget: the accounts it names and every account of the members it names. */
export function invalidationOf(change: ChangeRecord): Invalidation {
  return { memberIds: [change.memberId, ...(change.mergedMemberIds ?? []), ...(change.fromMemberIds ?? [])], accountIds: change.accountIds ?? [] };
}

/**
 * Appends changes to the outbox in the caller's transaction: they commit with the change itself, or not at all.
 * Once the transaction commits, before the caller answers, they are handed to this process's identity cache
 * (IDENTITY_CHANGES_COMMITTED), which forgets what they changed; other processes read them from the outbox.
 * Nothing is recorded when IDENTITY_CHANGES_OUTBOX is off (and then there is no cache).
 */
export async function recordChanges(tx: Tx, config: Pick<IdentityConfig, 'identityChanges'>, changes: ChangeRecord[]): Promise<void> {
  if (!config.identityChanges || !changes.length) return;
  await tx.run(appendChanges, {
    changes: changes.map((c) => ({ mergedMemberIds: [], accountIds: [], fromMemberIds: [], ...c })),
  });
  for (const change of changes) tx.afterCommit(IDENTITY_CHANGES_COMMITTED, invalidationOf(change));
}

export function recordChange(tx: Tx, config: Pick<IdentityConfig, 'identityChanges'>, change: ChangeRecord): Promise<void> {
  return recordChanges(tx, config, [change]);
}
