// Params: $reviews [{id, pairKey, subjectId, candidateId, score, hits (JSON text), seq}]. record-review for a whole
// import batch: each pair is queued once; a pair already queued, accepted or rejected is left as it is. createdAt
// grows with seq, so the queue lists equal scores in the order one-by-one ingest would have queued them.
UNWIND $reviews AS review
MATCH (a:Account {id: review.subjectId}), (c:Account {id: review.candidateId})
MERGE (r:MatchCandidate {pairKey: review.pairKey})
ON CREATE SET r.id = review.id, r.status = 'OPEN', r.createdAt = datetime() + duration({microseconds: toInteger(review.seq)}),
              r.score = review.score, r.hits = review.hits
WITH r, a, c, r.id = review.id AS created
FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END |
  CREATE (r)-[:SUBJECT]->(a)
  CREATE (r)-[:CANDIDATE]->(c)
)
