// Params: $after (member id, '' for the first page), $first (Int), $since (ISO text). The facts the tag derivation
// reads (tag.rules.ts), for the next $first members in id order. Returns: id, apps, cities, birthDates [String],
// vip88Until (DateTime or null), purchases [{at, amount, luxury}] since $since across all linked accounts.
// Only accounts whose link is consented for ANALYTICS count (the purpose filter is on the expanded link).
MATCH (m:Member) WHERE m.id > $after
WITH m ORDER BY m.id LIMIT $first
WITH m, COLLECT { MATCH (m)<-[consent1:BELONGS_TO WHERE 'ANALYTICS' IN consent1.purposes]-(a:Account) RETURN a } AS accounts
RETURN m.id AS id,
       [a IN accounts | a.app] AS apps,
       [a IN accounts WHERE a.city IS NOT NULL | a.city] AS cities,
       [a IN accounts WHERE a.birthDate IS NOT NULL | a.birthDate] AS birthDates,
       head(COLLECT { MATCH (m)-[:HOLDS]->(ms:Membership {program: '88VIP'}) RETURN ms.until AS until }) AS vip88Until,
       COLLECT { UNWIND accounts AS a
                 MATCH (a)-[:DID]->(e:Event)
                 WHERE e.type = 'PURCHASE' AND e.at > datetime($since)
                 OPTIONAL MATCH (b:Brand {id: e.brandId})
                 RETURN {at: e.at, amount: coalesce(e.amount, 0.0), luxury: coalesce(b.luxury, false)} AS p } AS purchases
