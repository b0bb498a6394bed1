// Params: $memberId, $program, $price (Float or null), $invited (Boolean). Gives a demo member an active membership
// of a year from now (and the invitation APASS needs). Idempotent.
MATCH (m:Member {id: $memberId}), (p:Program {code: $program})
MERGE (m)-[:HOLDS]->(ms:Membership {program: $program})
ON CREATE SET ms.id = 'demo-membership-' + $memberId + '-' + $program, ms.since = datetime(), ms.renewals = 0
SET ms.until = datetime() + duration({months: 12}), ms.pricePaid = $price
FOREACH (_ IN CASE WHEN $invited THEN [1] ELSE [] END | MERGE (m)-[:INVITED_TO]->(p))
