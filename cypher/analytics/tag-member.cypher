// Params: $memberId (a live member id), $tags [String] (normalized, not derived). Adds the tags by hand (source
// 'manual'); a tag the member has already is left as it is. Returns: memberId, or no row for an unknown member.
MATCH (m:Member {id: $memberId})
CALL (m) {
  UNWIND $tags AS name
  MERGE (t:Tag {name: name})
  ON CREATE SET t.derived = false
  MERGE (m)-[r:HAS_TAG]->(t)
  ON CREATE SET r.source = 'manual', r.at = datetime()
}
RETURN m.id AS memberId
