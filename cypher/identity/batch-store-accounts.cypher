// Params: $accounts [{id, app, externalId, displayName, birthDate, city, identifiers [{hash, kind, masked}], isNew,
// memberId, link {method, confidence, rules}}]. Stores an import batch's accounts in their final state: new ones are
// created (the (app, externalId) constraint refuses one created concurrently, and the batch is retried), existing ones
// updated; identifiers (already merged by batch-candidates) are attached; an account with a memberId is linked to
// that member. Returns: accounts (Int).
UNWIND $accounts AS acc
CALL (acc) {
  WITH acc WHERE acc.isNew
  CREATE (a:Account {id: acc.id, app: acc.app, externalId: acc.externalId, displayName: acc.displayName,
                     birthDate: acc.birthDate, city: acc.city, createdAt: datetime(), updatedAt: datetime()})
  WITH a, acc
  CALL (a, acc) {
    UNWIND acc.identifiers AS i
    MATCH (n:Identifier {hash: i.hash})
    CREATE (a)-[:HAS_IDENTIFIER]->(n)
  }
  RETURN a
  UNION
  WITH acc WHERE NOT acc.isNew
  MATCH (a:Account {id: acc.id})
  SET a.displayName = coalesce(acc.displayName, a.displayName),
      a.birthDate = coalesce(acc.birthDate, a.birthDate),
      a.city = coalesce(acc.city, a.city),
      a.updatedAt = datetime()
  WITH a, acc
  CALL (a, acc) {
    UNWIND acc.identifiers AS i
    MATCH (n:Identifier {hash: i.hash})
    MERGE (a)-[:HAS_IDENTIFIER]->(n)
  }
  RETURN a
}
CALL (a, acc) {
  WITH a, acc WHERE acc.memberId IS NOT NULL
  MATCH (m:Member {id: acc.memberId})
  CREATE (a)-[:BELONGS_TO {method: acc.link.method, confidence: acc.link.confidence, rules: acc.link.rules,
                           consentId: null, linkedAt: datetime()}]->(m)
}
RETURN count(a) AS accounts
