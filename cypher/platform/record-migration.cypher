// Params: $version (Int), $name (String). Idempotent.
MERGE (m:Migration {version: $version})
ON CREATE SET m.name = $name, m.appliedAt = datetime()
