// Params: $id (member id), $first (Int). Returns: changes [{score, previous, at}], newest first.
MATCH (m:Member {id: $id})-[:SCORE_CHANGED]->(c:LoyaltyScoreChange)
WITH c ORDER BY c.at DESC LIMIT $first
RETURN c {.score, .previous, .at} AS change
