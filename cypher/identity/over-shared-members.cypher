// Params: $hash. The members holding at least two accounts that carry the identifier: the only members in which it
// can have justified a link. Returns: memberId, in id order.
MATCH (:Identifier {hash: $hash})<-[:HAS_IDENTIFIER]-(a:Account)-[:BELONGS_TO]->(m:Member)
WITH m, count(a) AS carriers
WHERE carriers >= 2
RETURN m.id AS memberId
ORDER BY memberId
