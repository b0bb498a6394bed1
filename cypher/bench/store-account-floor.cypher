// Params: $app, $externalId, $hash. Floor of upsertAccount's write for bench:api: the account and one identifier
// merged in one auto-commit statement, with no matching, no member and nothing returned but the account id.
// Returns: id.
MERGE (a:Account {app: $app, externalId: $externalId})
ON CREATE SET a.id = randomUUID(), a.createdAt = datetime()
MERGE (i:Identifier {hash: $hash})
ON CREATE SET i.kind = 'PHONE', i.masked = '*******0000'
MERGE (a)-[:HAS_IDENTIFIER]->(i)
RETURN a.id AS id
