// Params: $ids [String] member ids. Returns: memberId, memberships [{id, program, since, until, pricePaid, renewals}].
UNWIND $ids AS id
OPTIONAL MATCH (:Member {id: id})-[:HOLDS]->(ms:Membership)
WITH id, ms ORDER BY ms.since
RETURN id AS memberId, collect(ms {.id, .program, .since, .until, .pricePaid, .renewals}) AS memberships
