// Params: $accountId, $purposes [String]. Removes purposes from the consent of the account's link, at once.
// Returns: account {id, app, externalId, displayName, memberId, link}, as it is now; no row without a link.
MATCH (a:Account {id: $accountId})-[l:BELONGS_TO]->(m:Member)
SET l.purposes = [p IN coalesce(l.purposes, []) WHERE NOT p IN $purposes], l.consentAt = datetime()
RETURN a {.id, .app, .externalId, .displayName, memberId: m.id, link: l {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence}} AS account
