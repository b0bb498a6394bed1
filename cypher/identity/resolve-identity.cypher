// Params: $app, $externalId. The whole answer of resolveIdentity in one statement. Returns: account {id, app,
// externalId, displayName, memberId, link}, member {id, displayName, loyaltyScore, createdAt}, linkedApps [String]
// (sorted), or no row when the account is unknown or has no member.
MATCH (a:Account {app: $app, externalId: $externalId})-[l:BELONGS_TO]->(m:Member)
RETURN a {.id, .app, .externalId, .displayName, memberId: m.id, link: l {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence}} AS account,
       m {.id, .displayName, .loyaltyScore, .createdAt} AS member,
       COLLECT { MATCH (m)<-[:BELONGS_TO]-(o:Account) RETURN DISTINCT o.app AS app ORDER BY app } AS linkedApps
