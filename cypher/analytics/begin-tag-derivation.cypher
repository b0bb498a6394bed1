// Params: none. Numbers a derivation of members' tags before it reads their facts, across every API instance and
// script run: a higher number began its read later, so it saw every commit that one begun before it had to see.
// Returns: generation (Int).
MERGE (d:TagDerivation {key: 'members'})
SET d.started = coalesce(d.started, 0) + 1
RETURN d.started AS generation
