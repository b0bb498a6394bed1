// Params: $cursors [{app, after (Int offset read up to)}], $first (Int). For the identity caches of API instances
// (change.tail.ts): every app's identity changes after its offset, oldest first, at most $first per app, read from
// the (app, offset) index in its order; then the app's newest offset and the offset up to which its changes expired,
// read after them (as changes-after.cypher does, so a prune that committed before the changes were read shows).
// Returns one row per cursor: app, changes [change {offset, kind, at, memberId, accounts [externalId],
// mergedMemberIds}], last (Int), pruned (Int).
UNWIND $cursors AS cursor
CALL (cursor) {
  MATCH (c:IdentityChange)
  WHERE c.app = cursor.app AND c.offset > cursor.after
  WITH c ORDER BY c.offset
  LIMIT $first
  RETURN collect(c {.offset, .kind, .at, .memberId, .accounts, .mergedMemberIds}) AS changes
}
OPTIONAL MATCH (s:ChangeSequence {name: 'identity:' + cursor.app})
RETURN cursor.app AS app, changes, coalesce(s.last, 0) AS last, coalesce(s.pruned, 0) AS pruned
