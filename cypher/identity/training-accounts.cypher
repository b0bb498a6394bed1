// Params: $after (String: the last id of the previous page, '' for the first), $limit (Int).
// A page of accounts for training the matching model, by id (the account id unique index): id, displayName,
// birthDate, city, identifiers [{hash, kind}].
MATCH (a:Account)
WHERE a.id > $after
WITH a ORDER BY a.id
LIMIT $limit
RETURN a.id AS id, a.displayName AS displayName, a.birthDate AS birthDate, a.city AS city,
       [(a)-[:HAS_IDENTIFIER]->(i:Identifier) | {hash: i.hash, kind: i.kind}] AS identifiers
