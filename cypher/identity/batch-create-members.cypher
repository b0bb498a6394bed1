// Params: $members [{id, displayName, seq}], $aliases [{id, displayName, seq, rootId}].
// The members an import batch creates: those that survive it, then those merged within it, which exist only as
// (:MergedMember)-[:MERGED_INTO]->(survivor) so that their ids keep resolving. createdAt grows with seq (creation
// order within the batch), so "the oldest member" means what it means for one-by-one ingest.
CALL () {
  UNWIND $members AS mem
  CREATE (:Member {id: mem.id, displayName: mem.displayName, loyaltyScore: 0,
                   createdAt: datetime() + duration({microseconds: toInteger(mem.seq)})})
}
CALL () {
  UNWIND $aliases AS alias
  MATCH (root:Member {id: alias.rootId})
  CREATE (:MergedMember {id: alias.id, displayName: alias.displayName, loyaltyScore: 0,
                         createdAt: datetime() + duration({microseconds: toInteger(alias.seq)}), mergedAt: datetime()})
         -[:MERGED_INTO]->(root)
}
