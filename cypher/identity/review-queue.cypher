// Params: $status, $first (Int). Returns review candidates with that status, highest score first: candidate
// {id, score, hits, status, createdAt, decidedAt}, subject and other account projections.
MATCH (r:MatchCandidate {status: $status})
// A review whose account is gone (deleted outside erasure) is not listed, and is left out before the cut: listed
// after it, a page of such reviews came back empty although open pairs remained below them.
WHERE EXISTS { (r)-[:SUBJECT]->(:Account) } AND EXISTS { (r)-[:CANDIDATE]->(:Account) }
WITH r ORDER BY r.score DESC, r.createdAt ASC LIMIT $first
MATCH (r)-[:SUBJECT]->(a:Account), (r)-[:CANDIDATE]->(c:Account)
OPTIONAL MATCH (a)-[la:BELONGS_TO]->(ma:Member)
OPTIONAL MATCH (c)-[lc:BELONGS_TO]->(mc:Member)
RETURN r {.id, .score, .hits, .status, .createdAt, .decidedAt} AS candidate,
       a {.id, .app, .externalId, .displayName, memberId: ma.id, link: la {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence}} AS subject,
       c {.id, .app, .externalId, .displayName, memberId: mc.id, link: lc {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence}} AS other
ORDER BY r.score DESC, r.createdAt ASC
