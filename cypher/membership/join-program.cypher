// Params: $memberId, $program, $membershipId (used when new), $price (Float or null), $months (Int).
// Starts a membership, or renews one: an active membership is extended from its end, a lapsed one starts again now.
// Returns: membership {id, program, since, until, pricePaid, renewals}.
MATCH (m:Member {id: $memberId})
MERGE (m)-[:HOLDS]->(ms:Membership {program: $program})
ON CREATE SET ms.id = $membershipId, ms.since = datetime(), ms.until = datetime() + duration({months: $months}),
              ms.renewals = 0, ms.pricePaid = $price
ON MATCH SET ms.since = CASE WHEN ms.until > datetime() THEN ms.since ELSE datetime() END,
             ms.until = CASE WHEN ms.until > datetime() THEN ms.until ELSE datetime() END + duration({months: $months}),
             ms.renewals = ms.renewals + 1, ms.pricePaid = $price
RETURN ms {.id, .program, .since, .until, .pricePaid, .renewals} AS membership
