// Params: $id (member id), $first (Int). Returns: events [{id, type, at, rules, evidenceKinds, survivorId, memberIds,
// accountId}] concerning the member or members merged into it, newest first.
OPTIONAL MATCH (live:Member {id: $id})
OPTIONAL MATCH (:MergedMember {id: $id})-[:MERGED_INTO]->(survivor:Member)
WITH coalesce(live, survivor) AS m WHERE m IS NOT NULL
CALL (m) {
  MATCH (e:AuditEvent)-[:CONCERNS]->(m)
  RETURN e
  UNION
  MATCH (e:AuditEvent)-[:CONCERNS]->(:MergedMember)-[:MERGED_INTO]->(m)
  RETURN e
}
WITH e ORDER BY e.at DESC LIMIT $first
RETURN e {.id, .type, .at, .rules, .evidenceKinds, .survivorId, .memberIds, .accountId} AS event
