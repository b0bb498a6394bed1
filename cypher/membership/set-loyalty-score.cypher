// Params: $memberId, $score (Int). Sets the score and keeps the change in the history. Returns: memberId, or no row.
MATCH (m:Member {id: $memberId})
CREATE (m)-[:SCORE_CHANGED]->(:LoyaltyScoreChange {score: $score, previous: m.loyaltyScore, at: datetime()})
SET m.loyaltyScore = $score
RETURN m.id AS memberId
