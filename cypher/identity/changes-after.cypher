// Params: $app, $after (Int offset, 0 for the start), $first (Int). The identity changes concerning an app's accounts
// after an offset, oldest first, read from the (app, offset) index in its order; then the offset up to which the
// app's changes expired (prune-changes.cypher), read after them: a prune that committed before the changes were read
// shows in it, so a reader behind it is told instead of silently missing changes. Changes only API instances read
// (CONSENT_WITHDRAWN, for their identity caches: change.outbox.ts) are left out. Returns: changes [change {offset,
// kind, at, memberId, accounts [externalId], mergedMemberIds, app}], pruned (Int).
CALL () {
  MATCH (c:IdentityChange)
  WHERE c.app = $app AND c.offset > $after AND c.kind <> 'CONSENT_WITHDRAWN'
  WITH c ORDER BY c.offset
  LIMIT $first
  RETURN collect(c {.offset, .kind, .at, .memberId, .accounts, .mergedMemberIds, .app}) AS changes
}
OPTIONAL MATCH (s:ChangeSequence {name: 'identity:' + $app})
RETURN changes, coalesce(s.pruned, 0) AS pruned
