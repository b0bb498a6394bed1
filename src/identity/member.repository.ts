import { Named, statement } from '../platform/neo4j/cypher';
import { Database, Row, Tx } from '../platform/neo4j/database';
import { LockedMember } from './merge.rules';
import { Member } from './member.type';
import { inKeyOrder } from '../platform/neo4j/key.order';

const lockMembersStatement = statement<Named<'ids'>>('identity/lock-members', ['ids']);
export const mergeMembersStatement = statement<Named<'merges'>>('identity/merge-members', ['merges']);
const membersById = statement<Named<'ids'>>('identity/members-by-id', ['ids']);

export function toMember(row: Row): Member {
  return Object.assign(new Member(), {
    id: row.id as string,
    displayName: (row.displayName as string | null) ?? null,
    loyaltyScore: Number(row.loyaltyScore ?? 0),
    createdAt: row.createdAt as Date,
  });
}

/** Batch: the member for each id (null for a miss), in key order. */
export async function loadMembersById(db: Database, ids: readonly string[]): Promise<(Member | null)[]> {
  const rows = await db.readOne(membersById, { ids });
  return inKeyOrder(ids, rows, (r) => r.id as string, (r) => (r.member ? toMember(r.member as Row) : null), null);
}

/** A member as write-locked: what merging decisions need of it, and the member itself. */
export interface LockedMemberRow extends LockedMember {
  member: Member;
}

/** Write-locks the live members among ids (in sorted order) and returns what merging decisions need of them. */
export async function lockMembers(tx: Tx, ids: Iterable<string>): Promise<Map<string, LockedMemberRow>> {
  const sorted = [...new Set(ids)].sort();
  if (!sorted.length) return new Map();
  const rows = await tx.run(lockMembersStatement, { ids: sorted });
  return new Map(
    rows.map((row: Row) => {
      const apps = new Map((row.apps as { app: string; accounts: number }[]).map((x) => [x.app, x.accounts]));
      const member: LockedMemberRow = {
        member: toMember(row.member as Row),
        id: row.id as string,
        createdAt: row.createdAt as Date,
        apps,
        accounts: [...apps.values()].reduce((a, b) => a + b, 0),
        avoid: new Set(row.avoid as string[]),
      };
      return [member.id, member];
    }),
  );
}

/**
 * Moves everything of the merged members onto the survivor and leaves aliases that keep resolving. Returns the
 * survivor as merged (score and name may come from a merged member).
 */
export async function mergeMembers(tx: Tx, survivorId: string, mergedIds: string[]): Promise<Member> {
  const [row] = await tx.run(mergeMembersStatement, { merges: [{ survivorId, mergedIds, displayName: null }] });
  return toMember(row.member as Row);
}
