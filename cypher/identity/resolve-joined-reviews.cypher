// Params: $memberId. Open review candidates whose two accounts now both belong to this member are settled by the
// link or merge that joined them: accepted (a person or an operator said they are one), noting what decided them.
// Returns: resolved (Int).
MATCH (m:Member {id: $memberId})<-[:BELONGS_TO]-(:Account)<-[:SUBJECT]-(r:MatchCandidate {status: 'OPEN'})-[:CANDIDATE]->(:Account)-[:BELONGS_TO]->(m)
WITH DISTINCT r
SET r.status = 'ACCEPTED', r.decidedAt = datetime(), r.decidedBy = 'LINK'
RETURN count(r) AS resolved
