// Params: $memberId, $score (Int). Sets the score and keeps the change in the history. The _lock write takes the
// member's write lock before the score it replaces is read, and the change is timed after it (realtime, not the
// transaction's start): two scores set at once are recorded one after the other, each with the other's as previous.
// Returns: memberId, or no row.
MATCH (m:Member {id: $memberId})
SET m._lock = true
WITH m, m.loyaltyScore AS previous
REMOVE m._lock
SET m.loyaltyScore = $score
CREATE (m)-[:SCORE_CHANGED]->(:LoyaltyScoreChange {score: $score, previous: previous, at: datetime.realtime()})
RETURN m.id AS memberId
