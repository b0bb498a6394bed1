// Params: $member {id, displayName, loyaltyScore}, $accounts [{id, app, externalId, displayName, nameInitials, birthDate, city,
//         identifiers [{hash, kind, masked}], rules [String]}]. Idempotent; everything it writes is marked demo.
MERGE (m:Member {id: $member.id})
ON CREATE SET m.createdAt = datetime()
SET m.displayName = $member.displayName, m.loyaltyScore = $member.loyaltyScore, m.demo = true
WITH m
UNWIND $accounts AS acc
MERGE (a:Account {app: acc.app, externalId: acc.externalId})
ON CREATE SET a.id = acc.id, a.createdAt = datetime()
SET a.displayName = acc.displayName, a.nameInitials = acc.nameInitials, a.birthDate = acc.birthDate, a.city = acc.city, a.updatedAt = datetime(), a.demo = true
MERGE (a)-[l:BELONGS_TO]->(m)
ON CREATE SET l.method = 'DETERMINISTIC', l.confidence = 1.0, l.rules = acc.rules, l.purposes = ['BENEFITS', 'RECOMMENDATIONS', 'ANALYTICS'], l.linkedAt = datetime()
FOREACH (i IN acc.identifiers |
  MERGE (n:Identifier {hash: i.hash})
  ON CREATE SET n.kind = i.kind, n.masked = i.masked
  MERGE (a)-[:HAS_IDENTIFIER]->(n)
)
