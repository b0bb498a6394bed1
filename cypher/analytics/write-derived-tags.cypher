// Params: $generation (Int, from platform/next-generation with key 'member-tags', taken before the facts were read), $rows [{id, tags [String]}]:
// each member's derived tags as they were read. Removes the derived tags a member no longer has and adds the new ones
// (source 'derived'); tags set by hand are untouched. A member whose tags a derivation begun later has written already
// is skipped: the SET write-locks the member before it reads tagsGeneration (a direct dependency), so of two
// derivations writing at once the older read never lands last. Idempotent.
// Returns: members (Int, those written).
UNWIND $rows AS row
MATCH (m:Member {id: row.id})
SET m.tagsGeneration = CASE WHEN coalesce(m.tagsGeneration, 0) < $generation THEN $generation ELSE m.tagsGeneration END
WITH m, row WHERE m.tagsGeneration = $generation
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
