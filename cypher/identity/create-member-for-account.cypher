// Params: $accountId, $memberId, $method, $confidence, $rules, $purposes, $recordChange (Boolean). Makes a new member
// owning the account, and when $recordChange its LINKED identity change, as identity/append-changes.cypher records
// one (same sequence lock, held to commit), so that a new member is one statement with the outbox on.
// Returns: memberId, link {method, confidence, rules, linkedAt, consentId}, member {id, displayName, loyaltyScore,
// createdAt}, as written.
MATCH (a:Account {id: $accountId})
CREATE (m:Member {id: $memberId, displayName: a.displayName, loyaltyScore: 0, createdAt: datetime()})
CREATE (a)-[l:BELONGS_TO {method: $method, confidence: $confidence, rules: $rules, purposes: $purposes, consentAt: datetime(), linkedAt: datetime()}]->(m)
WITH a, m, l
CALL (a, m) {
  WITH a, m WHERE $recordChange
  MERGE (s:ChangeSequence {name: 'identity:' + a.app})
  ON CREATE SET s.last = 0
  SET s._lock = true
  SET s.last = s.last + 1
  REMOVE s._lock
  CREATE (change:IdentityChange {offset: s.last, app: a.app, kind: 'LINKED', at: datetime(), memberId: m.id,
                                  accounts: [a.externalId], mergedMemberIds: []}),
         (change)-[:NAMES]->(a), (change)-[:NAMES]->(m)
}
RETURN m.id AS memberId, l {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence} AS link, m {.id, .displayName, .loyaltyScore, .createdAt} AS member
