// Params: $prefix. The accounts whose externalId starts with $prefix (one generated data set) and their members.
// Returns: app, externalId, memberId (null when the account has no member).
MATCH (a:Account)
WHERE a.externalId STARTS WITH $prefix
OPTIONAL MATCH (a)-[:BELONGS_TO]->(m:Member)
RETURN a.app AS app, a.externalId AS externalId, m.id AS memberId
