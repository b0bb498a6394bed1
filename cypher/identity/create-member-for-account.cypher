// Params: $accountId, $memberId, $method, $confidence, $rules, $purposes. Makes a new member owning the account.
// Returns: memberId, link {method, confidence, rules, linkedAt, consentId}, member {id, displayName, loyaltyScore,
// createdAt}, as written.
MATCH (a:Account {id: $accountId})
CREATE (m:Member {id: $memberId, displayName: a.displayName, loyaltyScore: 0, createdAt: datetime()})
CREATE (a)-[l:BELONGS_TO {method: $method, confidence: $confidence, rules: $rules, purposes: $purposes, consentAt: datetime(), linkedAt: datetime()}]->(m)
RETURN m.id AS memberId, l {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt} AS link, m {.id, .displayName, .loyaltyScore, .createdAt} AS member
