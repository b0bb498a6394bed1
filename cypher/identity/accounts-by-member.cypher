// Params: $ids [String] member ids, $cap (Int: most accounts per member). Returns one row per id: memberId,
// accounts [{id, app, externalId, displayName, memberId, link}] ordered by app and external id, at most $cap.
UNWIND $ids AS id
OPTIONAL MATCH (m:Member {id: id})
RETURN id AS memberId,
       COLLECT {
         MATCH (m)<-[l:BELONGS_TO]-(a:Account)
         RETURN a {.id, .app, .externalId, .displayName, memberId: id, link: l {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence}} AS account
         ORDER BY a.app, a.externalId
         LIMIT $cap
       } AS accounts
