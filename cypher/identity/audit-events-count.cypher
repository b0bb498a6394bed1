// Params: $memberId (a live member's id). How many audit events audit-events-page lists for the member. Returns:
// count.
MATCH (m:Member {id: $memberId})
RETURN COUNT {
  MATCH (e:AuditEvent)-[:CONCERNS]->(m)
  RETURN e
  UNION
  MATCH (e:AuditEvent)-[:CONCERNS]->(:MergedMember)-[:MERGED_INTO]->(m)
  RETURN e
} AS count
