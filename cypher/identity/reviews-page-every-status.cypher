// Params: $score (Float), $createdAt (ISO text or null), $id (String or null), $first (Int). As reviews-page, over
// the review candidates of every status; the seek on score uses the match_candidate_score index.
MATCH (r:MatchCandidate)
WHERE r.score <= $score
  // After the key: a lower score, or the same score and later (createdAt, id). Written as NOT of the rows at or before
  // it, so the planner keeps one ordered seek on score instead of a union of seeks that it must sort whole.
  AND NOT (r.score = $score AND (r.createdAt < datetime($createdAt) OR (r.createdAt = datetime($createdAt) AND r.id <= $id)))
  AND EXISTS { (r)-[:SUBJECT]->(:Account) } AND EXISTS { (r)-[:CANDIDATE]->(:Account) }
WITH r ORDER BY r.score DESC, r.createdAt ASC, r.id ASC LIMIT $first
MATCH (r)-[:SUBJECT]->(a:Account), (r)-[:CANDIDATE]->(c:Account)
OPTIONAL MATCH (a)-[la:BELONGS_TO]->(ma:Member)
OPTIONAL MATCH (c)-[lc:BELONGS_TO]->(mc:Member)
RETURN r {.id, .score, .hits, .status, .createdAt, .decidedAt} AS candidate,
       a {.id, .app, .externalId, .displayName, memberId: ma.id, link: la {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt}} AS subject,
       c {.id, .app, .externalId, .displayName, memberId: mc.id, link: lc {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt}} AS other,
       [r.score, toString(r.createdAt), r.id] AS key
ORDER BY r.score DESC, r.createdAt ASC, r.id ASC
