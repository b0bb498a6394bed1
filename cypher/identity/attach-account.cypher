// Params: $accountId, $memberId, $link {method, confidence, rules, consentId, purposes, evidence (JSON text: what
// matching decided the link on, or null)}. Moves the account to the member; purposes null keeps those the account's
// link had (a person's consent survives an operator's decision).
// Returns: link {method, confidence, rules, linkedAt, consentId, purposes, consentAt, evidence}, as written.
MATCH (a:Account {id: $accountId}), (m:Member {id: $memberId})
OPTIONAL MATCH (a)-[old:BELONGS_TO]->(:Member)
WITH a, m, old, old.purposes AS keptPurposes, old.consentAt AS keptAt
DELETE old
CREATE (a)-[l:BELONGS_TO {method: $link.method, confidence: $link.confidence, rules: $link.rules,
                           consentId: $link.consentId, evidence: $link.evidence, purposes: coalesce($link.purposes, keptPurposes, []),
                           consentAt: CASE WHEN $link.purposes IS NULL THEN keptAt ELSE datetime() END,
                           linkedAt: datetime()}]->(m)
RETURN l {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence} AS link
