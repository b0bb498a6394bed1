// Params: $accounts [{app, externalId, accountId, displayName, birthDate, city, identifiers [{hash, kind, masked}]}].
// The batch form of upsert-account: one statement stores a whole import batch, in order; matching follows per
// account in the same transaction. Returns per input, in order: accountId.
UNWIND range(0, size($accounts) - 1) AS index
WITH index, $accounts[index] AS acc
CALL (acc) {
  MERGE (a:Account {app: acc.app, externalId: acc.externalId})
  ON CREATE SET a.id = acc.accountId, a.createdAt = datetime()
  SET a.displayName = coalesce(acc.displayName, a.displayName),
      a.birthDate = coalesce(acc.birthDate, a.birthDate),
      a.city = coalesce(acc.city, a.city),
      a.updatedAt = datetime()
  FOREACH (i IN acc.identifiers |
    MERGE (n:Identifier {hash: i.hash})
    ON CREATE SET n.kind = i.kind, n.masked = i.masked
    SET n.lastSeenAt = datetime()
    MERGE (a)-[:HAS_IDENTIFIER]->(n)
  )
  RETURN a.id AS accountId
}
RETURN index, accountId
ORDER BY index
