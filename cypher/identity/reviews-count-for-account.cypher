// Params: $accountId, $status (or null: every status). How many review candidates involving this account
// reviews-page-for-account lists. Returns: count.
MATCH (:Account {id: $accountId})<-[:SUBJECT|CANDIDATE]-(r:MatchCandidate)
WHERE ($status IS NULL OR r.status = $status)
  AND EXISTS { (r)-[:SUBJECT]->(:Account) } AND EXISTS { (r)-[:CANDIDATE]->(:Account) }
RETURN count(DISTINCT r) AS count
