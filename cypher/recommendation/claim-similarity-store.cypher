// Params: $generation (Int, the refresh's number from platform/next-generation, key 'item-similarity'). Run first in
// the transaction that replaces SIMILAR. Claims the store for this refresh unless a refresh that began later has
// stored already: the SET reads `stored` under the node's write lock (a direct dependency), so of two concurrent
// stores the second sees the first's number.
// Returns: fresh (Boolean): false when this refresh's pairs are older than those stored, and must not replace them.
MERGE (g:Generation {key: 'item-similarity'})
SET g.stored = CASE WHEN coalesce(g.stored, 0) < $generation THEN $generation ELSE g.stored END
RETURN g.stored = $generation AS fresh
