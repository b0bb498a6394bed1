// Params: none. Numbers a refresh of item similarity before it reads the graph, across every API instance.
// A higher number began its read later, so it saw at least every commit that a lower one saw.
// Returns: generation (Int).
MERGE (r:SimilarityRefresh {key: 'items'})
SET r.started = coalesce(r.started, 0) + 1
RETURN r.started AS generation
