// Params: $ids [String] member ids. Returns one row per id: memberId, accounts [{id, app, externalId, displayName,
// memberId, link}] ordered by app and external id.
UNWIND $ids AS id
OPTIONAL MATCH (:Member {id: id})<-[l:BELONGS_TO]-(a:Account)
WITH id, a, l ORDER BY a.app, a.externalId
RETURN id AS memberId,
       collect(CASE WHEN a IS NULL THEN null
               ELSE a {.id, .app, .externalId, .displayName, memberId: id, link: l {.method, .confidence, .rules, .linkedAt, .consentId}} END) AS accounts
