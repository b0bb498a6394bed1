// Params: $changes [{kind, memberId, mergedMemberIds [String], accountIds [String], fromMemberIds [String]}].
// Appends identity-change events to the outbox in the caller's transaction. Offsets come from one sequence node that
// is write-locked first (the _lock write) and held to commit: transactions that record changes commit in offset
// order, so a reader that has seen offset n never later finds a smaller one committed. A change concerns the accounts
// named and every account of the members in fromMemberIds (read before a merge or erasure moves them); it is stored
// once per app of those accounts, with only that app's accounts, and mergedMemberIds only of members that held one.
// Returns: first, last (the offsets taken).
MERGE (s:ChangeSequence {name: 'identity'})
ON CREATE SET s.last = 0
SET s._lock = true
WITH s
SET s.last = s.last + size($changes)
REMOVE s._lock
WITH s.last - size($changes) AS base
CALL (base) {
  UNWIND range(0, size($changes) - 1) AS i
  WITH i, $changes[i] AS c
  CALL (c) {
    UNWIND c.accountIds AS id
    MATCH (a:Account {id: id})
    RETURN a.app AS app, a.externalId AS externalId, null AS fromMemberId
    UNION
    UNWIND c.fromMemberIds AS fromId
    MATCH (:Member {id: fromId})<-[:BELONGS_TO]-(a:Account)
    RETURN a.app AS app, a.externalId AS externalId, fromId AS fromMemberId
  }
  WITH i, c, app, collect(DISTINCT externalId) AS externalIds, collect(DISTINCT fromMemberId) AS from
  CREATE (:IdentityChange {offset: base + i + 1, app: app, kind: c.kind, at: datetime(), memberId: c.memberId,
                           accounts: externalIds, mergedMemberIds: [m IN c.mergedMemberIds WHERE m IN from]})
}
RETURN base + 1 AS first, base + size($changes) AS last
