// Params: $app, $externalId, $accountId (used only when the account is new), $displayName, $birthDate, $city,
//         $identifiers [{hash, kind, masked}], $identifierMaxAccounts, $newMember {id, method, confidence, rules, purposes}
//         (used only when the account is alone). Omitted attributes keep their stored values; identifiers accumulate.
// Identifiers come sorted by hash and each is touched (lastSeenAt), which write-locks them in a fixed order: two
// concurrent ingests sharing an identifier run one after the other, so the second one sees the first's account.
// The app is a property, not a relationship to the (:App) node: that node would be locked by every ingest on the
// app and serialize them all.
// The account is settled when no account of another member is a candidate through any blocking key of
// match-candidates.cypher (a shared identifier carried by at most $identifierMaxAccounts accounts, or the same birth
// date and city): matching could then decide nothing but what it has. A settled account without a member (alone)
// gets its own member here (and, when $newMember.recordChange, its LINKED identity change), so the common cases, a
// new person and a returning account, are one statement.
// Returns: account {id, app, externalId, displayName, memberId, link} as stored or linked, member {id, displayName,
// loyaltyScore, createdAt} (both memberId and member null when matching must decide), alone, settled, memberAccounts
// (how many accounts the member holds).
MERGE (a:Account {app: $app, externalId: $externalId})
ON CREATE SET a.id = $accountId, a.createdAt = datetime()
SET a.displayName = coalesce($displayName, a.displayName),
    a.birthDate = coalesce($birthDate, a.birthDate),
    a.city = coalesce($city, a.city),
    a.updatedAt = datetime()
FOREACH (i IN $identifiers |
  MERGE (n:Identifier {hash: i.hash})
  ON CREATE SET n.kind = i.kind, n.masked = i.masked
  SET n.lastSeenAt = datetime()
  MERGE (a)-[:HAS_IDENTIFIER]->(n)
)
WITH a
OPTIONAL MATCH (a)-[:BELONGS_TO]->(own:Member)
WITH a, own,
     NOT EXISTS {
       MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)<-[:HAS_IDENTIFIER]-(c:Account)-[:BELONGS_TO]->(cm:Member)
       WHERE c <> a AND (own IS NULL OR cm <> own) AND COUNT { (i)<-[:HAS_IDENTIFIER]-() } <= $identifierMaxAccounts
     }
     AND NOT EXISTS {
       MATCH (c:Account)
       WHERE c.birthDate = a.birthDate AND c.city = a.city AND c <> a
         AND EXISTS { (c)-[:BELONGS_TO]->(cm:Member) WHERE own IS NULL OR cm <> own }
     } AS settled
WITH a, settled, own IS NULL AND settled AS alone
// A unit subquery: OPTIONAL CALL with a write inside returns a phantom node, not null, when it writes nothing (5.26).
CALL (a, alone) {
  WITH a WHERE alone
  CREATE (m:Member {id: $newMember.id, displayName: a.displayName, loyaltyScore: 0, createdAt: datetime()})
  CREATE (a)-[:BELONGS_TO {method: $newMember.method, confidence: $newMember.confidence, rules: $newMember.rules,
                           purposes: $newMember.purposes, consentAt: datetime(), linkedAt: datetime()}]->(m)
  // Its LINKED change, as identity/append-changes.cypher records one (same sequence lock, held to commit), so a new
  // person stays one statement with the outbox on.
  WITH a, m WHERE $newMember.recordChange
  MERGE (s:ChangeSequence {name: 'identity'})
  ON CREATE SET s.last = 0
  SET s._lock = true
  SET s.last = s.last + 1
  REMOVE s._lock
  CREATE (:IdentityChange {offset: s.last, app: a.app, kind: 'LINKED', at: datetime(), memberId: m.id,
                           accounts: [a.externalId], mergedMemberIds: []})
}
OPTIONAL MATCH (a)-[link:BELONGS_TO]->(m:Member)
RETURN a {.id, .app, .externalId, .displayName, memberId: m.id, link: link {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt}} AS account,
       CASE WHEN m IS NULL THEN null ELSE m {.id, .displayName, .loyaltyScore, .createdAt} END AS member,
       alone, settled, COUNT { (m)<-[:BELONGS_TO]-(:Account) } AS memberAccounts
