// Params: $id, $pairKey, $subjectId, $candidateId, $score, $hits (JSON text). Queues a pair for review once;
// a pair already queued, accepted or rejected is left as it is. Returns: id, created (false when it was there).
MATCH (a:Account {id: $subjectId}), (c:Account {id: $candidateId})
MERGE (r:MatchCandidate {pairKey: $pairKey})
ON CREATE SET r.id = $id, r.status = 'OPEN', r.createdAt = datetime(), r.score = $score, r.hits = $hits
WITH r, a, c, r.id = $id AS created
FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END |
  CREATE (r)-[:SUBJECT]->(a)
  CREATE (r)-[:CANDIDATE]->(c)
)
RETURN r.id AS id, created
