// Params: $statuses [String]. How many review candidates with one of these statuses reviews-page lists (both
// accounts still there). Returns: count.
MATCH (r:MatchCandidate)
WHERE r.status IN $statuses AND r.score IS NOT NULL
  AND EXISTS { (r)-[:SUBJECT]->(:Account) } AND EXISTS { (r)-[:CANDIDATE]->(:Account) }
RETURN count(r) AS count
