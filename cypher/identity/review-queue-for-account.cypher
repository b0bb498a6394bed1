// Params: $accountId, $status, $first (Int). Like review-queue, but only candidates involving this account.
MATCH (:Account {id: $accountId})<-[:SUBJECT|CANDIDATE]-(r:MatchCandidate {status: $status})
WITH DISTINCT r ORDER BY r.score DESC, r.createdAt ASC LIMIT $first
MATCH (r)-[:SUBJECT]->(a:Account), (r)-[:CANDIDATE]->(c:Account)
OPTIONAL MATCH (a)-[la:BELONGS_TO]->(ma:Member)
OPTIONAL MATCH (c)-[lc:BELONGS_TO]->(mc:Member)
RETURN r {.id, .score, .hits, .status, .createdAt, .decidedAt} AS candidate,
       a {.id, .app, .externalId, .displayName, memberId: ma.id, link: la {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence}} AS subject,
       c {.id, .app, .externalId, .displayName, memberId: mc.id, link: lc {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence}} AS other
ORDER BY r.score DESC, r.createdAt ASC
