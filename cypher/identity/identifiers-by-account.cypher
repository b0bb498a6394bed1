// Params: $ids [String] account ids. Returns: accountId, identifiers [{kind, masked}].
UNWIND $ids AS id
OPTIONAL MATCH (:Account {id: id})-[:HAS_IDENTIFIER]->(i:Identifier)
WITH id, i ORDER BY i.kind, i.masked
RETURN id AS accountId, [x IN collect(i) | x {.kind, .masked}] AS identifiers
