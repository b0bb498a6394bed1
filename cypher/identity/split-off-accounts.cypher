// Params: $memberId, $accountIds [String], $newMemberId, $displayName.
// Moves the accounts out of member $memberId into a new member of their own. Unlike unlinking, no do-not-link fact is
// recorded: matching, not the person, took this decision, so new evidence may join them again. Each account keeps the
// purposes its owner consented to. Returns: newMemberId, moved (accounts moved).
MATCH (m:Member {id: $memberId})
CREATE (n:Member {id: $newMemberId, displayName: $displayName, loyaltyScore: 0, createdAt: datetime()})
WITH m, n
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})-[old:BELONGS_TO]->(m)
CREATE (a)-[:BELONGS_TO {method: 'DETERMINISTIC', confidence: 1.0, rules: ['OVER_SHARED_SPLIT'],
                         purposes: old.purposes, consentAt: old.consentAt, linkedAt: datetime()}]->(n)
DELETE old
RETURN n.id AS newMemberId, count(a) AS moved
