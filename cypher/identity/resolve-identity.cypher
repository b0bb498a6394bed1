// Params: $app, $externalId, $details (Boolean). The whole answer of resolveIdentity in one statement. Returns:
// account {id, app, externalId, memberId, and with $details displayName, link}, member {id, and with $details
// displayName, loyaltyScore, createdAt}, linkedApps [String] (sorted), or no row when the account is unknown or has
// no member. Without $details only ids are read and sent: what a partner resolving an account usually asks for.
MATCH (a:Account {app: $app, externalId: $externalId})-[l:BELONGS_TO]->(m:Member)
RETURN CASE WHEN $details
            THEN a {.id, .app, .externalId, .displayName, memberId: m.id, link: l {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt}}
            ELSE a {.id, .app, .externalId, memberId: m.id} END AS account,
       CASE WHEN $details THEN m {.id, .displayName, .loyaltyScore, .createdAt} ELSE m {.id} END AS member,
       COLLECT { MATCH (m)<-[:BELONGS_TO]-(o:Account) RETURN DISTINCT o.app AS app ORDER BY app } AS linkedApps
