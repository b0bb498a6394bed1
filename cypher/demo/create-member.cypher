// Params: $member {id, displayName, loyaltyScore}, $account {id, app, externalId, displayName, nameInitials, birthDate,
//         city, identifiers [{hash, kind, masked, verified}]}, $purposes [String]. A person's first sign-up: an account
//         that does not exist yet gets a member of its own with the demo id given (its link as a new account's own
//         member is), both marked demo. An account already there (a reload) is left as matching made it.
// Returns: accountId (null when the account was there).
OPTIONAL MATCH (existing:Account {app: $account.app, externalId: $account.externalId})
WITH existing WHERE existing IS NULL
MERGE (m:Member {id: $member.id})
ON CREATE SET m.createdAt = datetime()
SET m.displayName = $member.displayName, m.loyaltyScore = $member.loyaltyScore, m.demo = true
CREATE (a:Account {id: $account.id, app: $account.app, externalId: $account.externalId, displayName: $account.displayName,
                   nameInitials: $account.nameInitials, birthDate: $account.birthDate, city: $account.city,
                   createdAt: datetime(), updatedAt: datetime(), demo: true})
CREATE (a)-[:BELONGS_TO {method: 'DETERMINISTIC', confidence: 1.0, rules: ['NEW_MEMBER'], purposes: $purposes,
                         consentAt: datetime(), linkedAt: datetime()}]->(m)
FOREACH (i IN $account.identifiers |
  MERGE (n:Identifier {hash: i.hash})
  ON CREATE SET n.kind = i.kind, n.masked = i.masked
  SET n.lastSeenAt = datetime()
  MERGE (a)-[h:HAS_IDENTIFIER]->(n)
  SET h.verified = CASE WHEN i.verified THEN true ELSE h.verified END
)
RETURN a.id AS accountId
