// Params: $memberIds. resolve-joined-reviews for the members an import batch linked accounts to or merged: open
// review candidates whose two accounts now both belong to one of them are settled by the link or merge that joined
// them (accepted, decidedBy LINK), as matchAccount settles them one account at a time. Returns: resolved (Int).
UNWIND $memberIds AS memberId
MATCH (m:Member {id: memberId})<-[:BELONGS_TO]-(:Account)<-[:SUBJECT]-(r:MatchCandidate {status: 'OPEN'})-[:CANDIDATE]->(:Account)-[:BELONGS_TO]->(m)
WITH DISTINCT r
SET r.status = 'ACCEPTED', r.decidedAt = datetime(), r.decidedBy = 'LINK'
RETURN count(r) AS resolved
