// Params: $changes [{kind, memberId, mergedMemberIds [String], accountIds [String], fromMemberIds [String]}].
// Appends identity-change events to the outbox in the caller's transaction. A change concerns the accounts named and
// every account of the members in fromMemberIds (read before a merge or erasure moves them); it is stored once per
// app of those accounts, with only that app's accounts, and mergedMemberIds only of members that held one.
// Offsets come from one sequence node per app (`identity:<app>`), write-locked (the _lock write) in app order and
// held to commit: an app's changes commit in offset order, so a reader of an app that has seen offset n never later
// finds a smaller one committed there; writers of different apps do not wait for each other (migration 077 started
// each app's sequence where the single sequence of earlier versions stopped, so offsets given out stay below).
// Each change but an erasure notice is tied (NAMES) to the accounts it names and to the live members it names, so an
// erasure finds what it must remove from the feed (redact-changes.cypher); a merge carries the ties to its survivor.
// Returns: changes (Int, the events stored).
UNWIND range(0, size($changes) - 1) AS i
WITH i, $changes[i] AS c
CALL (c) {
  UNWIND c.accountIds AS id
  MATCH (a:Account {id: id})
  RETURN a, a.app AS app, a.externalId AS externalId, null AS fromMemberId
  UNION
  UNWIND c.fromMemberIds AS fromId
  MATCH (:Member {id: fromId})<-[:BELONGS_TO]-(a:Account)
  RETURN a, a.app AS app, a.externalId AS externalId, fromId AS fromMemberId
}
WITH i, c, app, collect(DISTINCT a) AS named, collect(DISTINCT externalId) AS externalIds, collect(DISTINCT fromMemberId) AS from
WITH app, collect({i: i, c: c, named: named, externalIds: externalIds, from: from}) AS events
ORDER BY app
CALL (app, events) {
  MERGE (s:ChangeSequence {name: 'identity:' + app})
  ON CREATE SET s.last = 0
  SET s._lock = true
  WITH s, s.last AS base
  SET s.last = base + size(events)
  REMOVE s._lock
  WITH base
  UNWIND events AS e
  WITH base, e ORDER BY e.i
  WITH base, collect(e) AS sorted
  UNWIND range(0, size(sorted) - 1) AS k
  WITH base, k, sorted[k] AS e
  CREATE (change:IdentityChange {offset: base + k + 1, app: app, kind: e.c.kind, at: datetime(), memberId: e.c.memberId,
                                  accounts: e.externalIds, mergedMemberIds: [m IN e.c.mergedMemberIds WHERE m IN e.from]})
  WITH change, e
  CALL (change, e) {
    UNWIND CASE WHEN e.c.kind = 'ERASED' THEN [] ELSE e.named END AS a
    CREATE (change)-[:NAMES]->(a)
  }
  CALL (change) {
    UNWIND CASE WHEN change.kind = 'ERASED' THEN [] ELSE [change.memberId] + change.mergedMemberIds END AS id
    MATCH (m:Member {id: id})
    CREATE (change)-[:NAMES]->(m)
  }
  RETURN count(*) AS stored
}
RETURN sum(stored) AS changes
