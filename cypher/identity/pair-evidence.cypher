// Params: $a {app, externalId}, $b {app, externalId}. Returns: the two profiles (with the kinds of identifiers each carries) and the identifiers they share
// ({kind, accounts}), or no row when either account does not exist.
MATCH (a:Account {app: $a.app, externalId: $a.externalId})
MATCH (b:Account {app: $b.app, externalId: $b.externalId})
RETURN a {.app, .displayName, .birthDate, .city, kinds: COLLECT { MATCH (a)-[:HAS_IDENTIFIER]->(k:Identifier) RETURN DISTINCT k.kind AS kind ORDER BY kind }} AS first,
       b {.app, .displayName, .birthDate, .city, kinds: COLLECT { MATCH (b)-[:HAS_IDENTIFIER]->(k:Identifier) RETURN DISTINCT k.kind AS kind ORDER BY kind }} AS second,
       [(a)-[:HAS_IDENTIFIER]->(x:Identifier)<-[:HAS_IDENTIFIER]-(b) | {kind: x.kind, accounts: COUNT { (x)<-[:HAS_IDENTIFIER]-() }}] AS shared
