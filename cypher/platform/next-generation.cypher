// Params: $key (the kind of work: 'item-similarity', 'member-tags'). Numbers a run of that work before it reads the
// graph, across every API instance and script: a higher number began its read later, so it saw at least every commit
// a lower one saw, and a store can refuse to replace a later run's result with an earlier one's.
// Returns: generation (Int).
MERGE (g:Generation {key: $key})
SET g.started = coalesce(g.started, 0) + 1
RETURN g.started AS generation
