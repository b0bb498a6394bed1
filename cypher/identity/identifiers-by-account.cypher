// Params: $ids [String] account ids, $cap (Int: most identifiers per account). Returns: accountId,
// identifiers [{kind, masked}] ordered by kind and mask, at most $cap; derived keys (kind PHONE~ and the like) are
// matching's, not the account's identifiers, and are left out.
UNWIND $ids AS id
OPTIONAL MATCH (a:Account {id: id})
RETURN id AS accountId,
       COLLECT {
         MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)
         WHERE NOT i.kind ENDS WITH '~'
         RETURN i {.kind, .masked} AS identifier
         ORDER BY i.kind, i.masked
         LIMIT $cap
       } AS identifiers
