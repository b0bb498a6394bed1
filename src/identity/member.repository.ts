import { Named, statement } from '../platform/neo4j/cypher';
import { Database, Row } from '../platform/neo4j/database';
import { Member } from './member.type';

const membersById = statement<Named<'ids'>>('identity/members-by-id', ['ids']);

function toMember(row: Row): Member {
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
  const byId = new Map(rows.map((r) => [r.id as string, r.member ? toMember(r.member as Row) : null]));
  return ids.map((id) => byId.get(id) ?? null);
}
