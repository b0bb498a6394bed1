// Params: $app, $externalId. Returns: accountId, memberId (null when the account has no member), or no row.
MATCH (a:Account {app: $app, externalId: $externalId})
OPTIONAL MATCH (a)-[:BELONGS_TO]->(m:Member)
RETURN a.id AS accountId, m.id AS memberId
