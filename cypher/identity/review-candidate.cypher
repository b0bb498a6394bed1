// Params: $id. Returns: id, status, subjectId, candidateId, or no row.
MATCH (r:MatchCandidate {id: $id})-[:SUBJECT]->(a:Account)
MATCH (r)-[:CANDIDATE]->(c:Account)
RETURN r.id AS id, r.status AS status, a.id AS subjectId, c.id AS candidateId
