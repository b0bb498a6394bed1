// Params: $app, $cutoff (ISO date-time string), $batch (Int). Deletes the oldest identity changes of an app recorded before the
// cutoff, at most $batch, from the (app, offset) index in offset order and stopping at the first younger one, so
// what is deleted is always every offset up to one: the app's sequence keeps it as `pruned`, and a reader asking
// for changes after an older offset is told they expired (changes-after.cypher). Returns: deleted (Int), pruned (Int).
MATCH (s:ChangeSequence {name: 'identity:' + $app})
// Write-locked before reading, as appenders do: two instances pruning at once take turns, the second finding the
// first's work done.
SET s._lock = true
REMOVE s._lock
WITH s
CALL (s) {
  MATCH (c:IdentityChange)
  WHERE c.app = $app AND c.offset > coalesce(s.pruned, 0)
  WITH c ORDER BY c.offset
  LIMIT $batch
  RETURN collect(c) AS oldest
}
WITH s, oldest, [i IN range(0, size(oldest) - 1) WHERE oldest[i].at >= datetime($cutoff)] AS young
WITH s, CASE WHEN size(young) = 0 THEN oldest ELSE oldest[0..young[0]] END AS expired
WITH s, expired, CASE WHEN size(expired) = 0 THEN coalesce(s.pruned, 0) ELSE expired[size(expired) - 1].offset END AS through
SET s.pruned = CASE WHEN through > coalesce(s.pruned, 0) THEN through ELSE coalesce(s.pruned, 0) END
WITH s, expired
CALL (expired) {
  UNWIND expired AS c
  DETACH DELETE c
}
RETURN size(expired) AS deleted, s.pruned AS pruned
