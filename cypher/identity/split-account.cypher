// Params: $accountId, $newMemberId, $reason. Moves the account out of its member into a new member of its own and
// records that it must not be linked back to the old one; the account keeps the purposes its owner consented to. Returns: oldMemberId, newMemberId.
MATCH (a:Account {id: $accountId})-[old:BELONGS_TO]->(m:Member)
CREATE (n:Member {id: $newMemberId, displayName: a.displayName, loyaltyScore: 0, createdAt: datetime()})
CREATE (a)-[:BELONGS_TO {method: 'MANUAL', confidence: 1.0, rules: ['UNLINKED'],
                         purposes: old.purposes, consentAt: old.consentAt, linkedAt: datetime()}]->(n)
MERGE (a)-[d:DO_NOT_LINK]->(m)
SET d.reason = $reason, d.at = datetime()
DELETE old
RETURN m.id AS oldMemberId, n.id AS newMemberId
