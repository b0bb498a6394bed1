// Params: $accountId, $identifierMaxAccounts, $maxCandidates.
// Returns one row: ownMemberId, subject {app, displayName, birthDate, city}, candidates [{accountId, app,
// displayName, birthDate, city, memberId, shared [{kind, accounts}], forbidden}].
// Blocking keeps the cost flat as the graph grows: candidates come only through identifiers carried by at most
// $identifierMaxAccounts accounts, and through the (birthDate, city) index, at most $maxCandidates of those.
// Accounts without a member yet (later lines of an import batch) are not candidates.
MATCH (a:Account {id: $accountId})
OPTIONAL MATCH (a)-[:BELONGS_TO]->(own:Member)
CALL (a) {
  CALL (a) {
    MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)
    WHERE COUNT { (i)<-[:HAS_IDENTIFIER]-() } <= $identifierMaxAccounts
    MATCH (i)<-[:HAS_IDENTIFIER]-(c:Account)
    WHERE c <> a
    RETURN c
    UNION
    MATCH (c:Account)
    WHERE c.birthDate = a.birthDate AND c.city = a.city AND c <> a
    RETURN c LIMIT $maxCandidates
  }
  MATCH (c)-[:BELONGS_TO]->(m:Member)
  RETURN collect({
    accountId: c.id, app: c.app, displayName: c.displayName, birthDate: c.birthDate, city: c.city, memberId: m.id,
    shared: [(a)-[:HAS_IDENTIFIER]->(x:Identifier)<-[:HAS_IDENTIFIER]-(c) | {kind: x.kind, accounts: COUNT { (x)<-[:HAS_IDENTIFIER]-() }}],
    forbidden: EXISTS { (a)-[:DO_NOT_LINK]->(m) } OR EXISTS { (c)-[:DO_NOT_LINK]->(:Member)<-[:BELONGS_TO]-(a) }
  }) AS candidates
}
RETURN own.id AS ownMemberId, a {.app, .displayName, .birthDate, .city} AS subject, candidates
