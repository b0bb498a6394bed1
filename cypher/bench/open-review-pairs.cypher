// Params: $prefix. The open review candidates whose subject's externalId starts with $prefix (one generated data
// set), by the status index. Returns: app, externalId (the subject), candidateApp, candidateExternalId.
MATCH (r:MatchCandidate)
WHERE r.status = 'OPEN'
MATCH (r)-[:SUBJECT]->(a:Account), (r)-[:CANDIDATE]->(c:Account)
WHERE a.externalId STARTS WITH $prefix
RETURN a.app AS app, a.externalId AS externalId, c.app AS candidateApp, c.externalId AS candidateExternalId
