// Params: $memberId (a live member's id), $at (ISO text or null for the first page), $id (String or null),
// $first (Int). A page of the audit events concerning the member or members merged into it, after the key (at, id)
// in the order at DESC, id DESC. The member is found by its unique id and its events by their relationships.
// Returns: event {id, type, at, rules, evidenceKinds, survivorId, memberIds, accountId}, key [at as text, id].
MATCH (m:Member {id: $memberId})
CALL (m) {
  MATCH (e:AuditEvent)-[:CONCERNS]->(m)
  RETURN e
  UNION
  MATCH (e:AuditEvent)-[:CONCERNS]->(:MergedMember)-[:MERGED_INTO]->(m)
  RETURN e
}
WITH e
WHERE $at IS NULL OR e.at < datetime($at) OR (e.at = datetime($at) AND e.id < $id)
RETURN e {.id, .type, .at, .rules, .evidenceKinds, .survivorId, .memberIds, .accountId} AS event, [toString(e.at), e.id] AS key
ORDER BY e.at DESC, e.id DESC
LIMIT $first
