// Params: $ids [String] account ids, $cap (Int: most identifiers per account). Returns: accountId,
// identifiers [{kind, masked}] ordered by kind and mask, at most $cap.
UNWIND $ids AS id
OPTIONAL MATCH (a:Account {id: id})
RETURN id AS accountId,
       COLLECT {
         MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)
         RETURN i {.kind, .masked} AS identifier
         ORDER BY i.kind, i.masked
         LIMIT $cap
       } AS identifiers
