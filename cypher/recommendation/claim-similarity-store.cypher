// Params: $generation (Int, from begin-similarity-refresh). Run first in the transaction that replaces SIMILAR.
// Claims the store for this refresh unless a refresh that began later has stored already: the SET reads `stored`
// under the node's write lock (a direct dependency), so of two concurrent stores the second sees the first's number.
// Returns: fresh (Boolean): false when this refresh's pairs are older than those stored, and must not replace them.
MERGE (r:SimilarityRefresh {key: 'items'})
SET r.stored = CASE WHEN coalesce(r.stored, 0) < $generation THEN $generation ELSE r.stored END
RETURN r.stored = $generation AS fresh
