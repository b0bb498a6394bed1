// Params: $ids [String] member ids, $first (Int). Returns one row per id: id, changes [{score, previous, at}],
// newest first, at most $first ([] for an unknown id).
UNWIND $ids AS id
OPTIONAL MATCH (m:Member {id: id})
RETURN id, COLLECT {
  MATCH (m)-[:SCORE_CHANGED]->(c:LoyaltyScoreChange)
  WITH c ORDER BY c.at DESC LIMIT $first
  RETURN c {.score, .previous, .at}
} AS changes
