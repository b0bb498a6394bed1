// Params: $id, $status ('ACCEPTED' or 'REJECTED'). Decides a candidate that is still open, first in the decision's
// transaction: the _lock write takes the candidate's write lock before its status is read, so of two operators (or
// instances) deciding it at once the second waits for the first to commit and finds it decided.
// Returns: decided (Boolean: false when it was no longer open), status (as it is now), subjectId, candidateId, or no
// row for an unknown candidate.
MATCH (r:MatchCandidate {id: $id})-[:SUBJECT]->(a:Account)
MATCH (r)-[:CANDIDATE]->(c:Account)
SET r._lock = true
WITH r, a, c, r.status = 'OPEN' AS open
REMOVE r._lock
SET r.status = CASE WHEN open THEN $status ELSE r.status END,
    r.decidedAt = CASE WHEN open THEN datetime() ELSE r.decidedAt END
RETURN open AS decided, r.status AS status, a.id AS subjectId, c.id AS candidateId
