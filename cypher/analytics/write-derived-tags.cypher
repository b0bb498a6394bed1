// Params: $rows [{id, tags [String]}]: each member's derived tags as they are now. Removes the derived tags a member
// no longer has and adds the new ones (source 'derived'); tags set by hand are untouched. Idempotent.
// Returns: members (Int).
UNWIND $rows AS row
MATCH (m:Member {id: row.id})
CALL (m, row) {
  MATCH (m)-[r:HAS_TAG {source: 'derived'}]->(t:Tag) WHERE NOT t.name IN row.tags
  DELETE r
}
CALL (m, row) {
  UNWIND row.tags AS name
  MERGE (t:Tag {name: name})
  ON CREATE SET t.derived = true
  MERGE (m)-[r:HAS_TAG]->(t)
  ON CREATE SET r.source = 'derived', r.at = datetime()
}
RETURN count(m) AS members
