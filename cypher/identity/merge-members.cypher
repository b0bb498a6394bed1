// Params: $merges [{survivorId, mergedIds [String], displayName (or null)}]: one merge (upsertAccount, linkAccounts)
// or every survivor of an import batch at once. Moves every relationship of each merged member to its survivor
// (accounts, do-not-link facts, aliases, audit links, and whatever later features hang off a member; a tag both hold
// stays one), keeps the higher loyalty score, and leaves the merged id resolving through
// (:MergedMember)-[:MERGED_INTO]->(survivor). The survivor's displayName is then coalesced with the one given (the
// name an import batch worked out for it from members merged within the batch).
// Returns per merge: survivorId, merged (count), member {id, displayName, loyaltyScore, createdAt}: the survivor as merged.
UNWIND $merges AS merge
MATCH (s:Member {id: merge.survivorId})
CALL (s, merge) {
  UNWIND merge.mergedIds AS mergedId
  MATCH (old:Member {id: mergedId})
  CALL (old, s) {
    MATCH (x)-[r]->(old) WHERE x <> s
    CREATE (x)-[moved:$(type(r))]->(s)
    SET moved = properties(r)
    DELETE r
  }
  CALL (old, s) {
    MATCH (old)-[r]->(y) WHERE y <> s
    // A tag both carry stays one (segments and tag sizes count members by it); set by hand on either, it stays set
    // by hand, which derivation never removes.
    OPTIONAL MATCH (s)-[same:HAS_TAG]->(y) WHERE type(r) = 'HAS_TAG'
    CALL (s, r, y, same) {
      WITH * WHERE same IS NULL
      CREATE (s)-[moved:$(type(r))]->(y)
      SET moved = properties(r)
    }
    SET same.source = CASE WHEN r.source = 'manual' THEN 'manual' ELSE same.source END
    DELETE r
  }
  CALL (old, s) {
    MATCH (old)-[r]-(s)
    DELETE r
  }
  SET s.loyaltyScore = CASE WHEN coalesce(old.loyaltyScore, 0) > coalesce(s.loyaltyScore, 0) THEN old.loyaltyScore ELSE s.loyaltyScore END,
      s.displayName = coalesce(s.displayName, old.displayName)
  REMOVE old:Member
  SET old:MergedMember, old.mergedAt = datetime()
  CREATE (old)-[:MERGED_INTO]->(s)
  RETURN count(old) AS merged
}
// Two memberships of one program become the one that ends later, counting the other's periods as renewals, so that
// "is it active" and "until when" have one answer.
CALL (s) {
  MATCH (s)-[:HOLDS]->(ms:Membership)
  WITH ms ORDER BY ms.until DESC, ms.id
  WITH ms.program AS program, collect(ms) AS held
  WHERE size(held) > 1
  WITH head(held) AS kept, tail(held) AS others
  SET kept.renewals = coalesce(kept.renewals, 0) + reduce(n = 0, o IN others | n + coalesce(o.renewals, 0) + 1)
  WITH others
  UNWIND others AS other
  DETACH DELETE other
}
SET s.displayName = coalesce(s.displayName, merge.displayName)
RETURN s.id AS survivorId, merged, s {.id, .displayName, .loyaltyScore, .createdAt} AS member
