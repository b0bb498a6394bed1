// Params: $app, $externalId. Floor of resolveIdentity for bench:api: the same answer in one statement, the account by
// its unique (app, externalId), its member and the distinct app codes of the member's accounts.
// Returns: accountId, memberId, linkedApps [String] (sorted), or no row when the account is unknown or memberless.
MATCH (a:Account {app: $app, externalId: $externalId})-[:BELONGS_TO]->(m:Member)
RETURN a.id AS accountId, m.id AS memberId,
       COLLECT { MATCH (m)<-[:BELONGS_TO]-(o:Account) RETURN DISTINCT o.app AS app ORDER BY app } AS linkedApps
