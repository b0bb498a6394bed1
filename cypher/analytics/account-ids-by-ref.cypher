// Params: $aApp, $aExternalId, $bApp, $bExternalId. The ids of two accounts named by app and external id (for an
// operator's shortestPath; analysts name accounts by id). Returns: a, b (null when unknown).
OPTIONAL MATCH (a:Account {app: $aApp, externalId: $aExternalId})
OPTIONAL MATCH (b:Account {app: $bApp, externalId: $bExternalId})
RETURN a.id AS a, b.id AS b
