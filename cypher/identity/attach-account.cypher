// Params: $accountId, $memberId, $link {method, confidence, rules, consentId}. Moves the account to the member.
// Returns: link {method, confidence, rules, linkedAt, consentId}, as written.
MATCH (a:Account {id: $accountId}), (m:Member {id: $memberId})
OPTIONAL MATCH (a)-[old:BELONGS_TO]->(:Member)
DELETE old
CREATE (a)-[l:BELONGS_TO {method: $link.method, confidence: $link.confidence, rules: $link.rules,
                           consentId: $link.consentId, linkedAt: datetime()}]->(m)
RETURN l {.method, .confidence, .rules, .linkedAt, .consentId} AS link
