// Params: $id. Returns: account {id, app, externalId, displayName, memberId, link} or no row.
MATCH (a:Account {id: $id})
OPTIONAL MATCH (a)-[l:BELONGS_TO]->(m:Member)
RETURN a {.id, .app, .externalId, .displayName, memberId: m.id, link: l {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence}} AS account
