// Params: $events [{id, type, rules, evidenceKinds, survivorId, memberIds, accountId, detail, concerns [String], seq}].
// record-audit-event for a whole import batch: each event is linked to every member or merged member in concerns
// (the survivor's final member and the merged-away ids), so that erasure can scrub it and the audit trail finds it.
UNWIND $events AS event
CREATE (e:AuditEvent {id: event.id, type: event.type, at: datetime() + duration({microseconds: toInteger(event.seq)}),
                      rules: event.rules, evidenceKinds: event.evidenceKinds, survivorId: event.survivorId,
                      memberIds: event.memberIds, accountId: event.accountId, detail: event.detail})
WITH e, event
UNWIND event.concerns AS id
OPTIONAL MATCH (live:Member {id: id})
OPTIONAL MATCH (gone:MergedMember {id: id})
WITH e, coalesce(live, gone) AS m WHERE m IS NOT NULL
CREATE (e)-[:CONCERNS]->(m)
