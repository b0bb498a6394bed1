// Params: $ids [String] member ids, $first (Int). Returns one row per id: id, events [{id, type, at, rules,
// evidenceKinds, survivorId, memberIds, accountId}] concerning the member or members merged into it, newest first,
// at most $first ([] for an unknown id). A merged-away id reads the trail of the member it was merged into.
UNWIND $ids AS id
OPTIONAL MATCH (live:Member {id: id})
OPTIONAL MATCH (:MergedMember {id: id})-[:MERGED_INTO]->(survivor:Member)
WITH id, coalesce(live, survivor) AS m
RETURN id, COLLECT {
  CALL (m) {
    MATCH (e:AuditEvent)-[:CONCERNS]->(m)
    RETURN e
    UNION
    MATCH (e:AuditEvent)-[:CONCERNS]->(:MergedMember)-[:MERGED_INTO]->(m)
    RETURN e
  }
  WITH e ORDER BY e.at DESC LIMIT $first
  RETURN e {.id, .type, .at, .rules, .evidenceKinds, .survivorId, .memberIds, .accountId}
} AS events
