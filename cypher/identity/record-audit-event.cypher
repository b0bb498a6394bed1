// Params: $event {id, type, rules, evidenceKinds, survivorId, memberIds, accountId, detail}, $memberIds [String].
// An audit event, linked to every member (or merged member) it concerns so that erasure can scrub it.
CREATE (e:AuditEvent {id: $event.id, type: $event.type, at: datetime(), rules: $event.rules,
                      evidenceKinds: $event.evidenceKinds, survivorId: $event.survivorId,
                      memberIds: $event.memberIds, accountId: $event.accountId, detail: $event.detail})
WITH e
UNWIND $memberIds AS id
OPTIONAL MATCH (live:Member {id: id})
OPTIONAL MATCH (gone:MergedMember {id: id})
WITH e, coalesce(live, gone) AS m WHERE m IS NOT NULL
CREATE (e)-[:CONCERNS]->(m)
