// Params: $id, $status ('ACCEPTED' or 'REJECTED'). Only an open candidate changes. Returns: id, status.
MATCH (r:MatchCandidate {id: $id, status: 'OPEN'})
SET r.status = $status, r.decidedAt = datetime()
RETURN r.id AS id, r.status AS status
