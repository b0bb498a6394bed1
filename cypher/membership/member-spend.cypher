// Params: $ids [String] member ids, $since (ISO text). Returns one row per live member: id, spend (Float), the
// PURCHASE amounts since $since across the member's accounts linked for BENEFITS (spend qualifies for programs), summed in the database.
UNWIND $ids AS id
MATCH (m:Member {id: id})
CALL (m) {
  MATCH (m)<-[l:BELONGS_TO]-(:Account)-[:DID]->(e:Event {type: 'PURCHASE'})
  WHERE e.at >= datetime($since) AND 'BENEFITS' IN l.purposes
  RETURN sum(e.amount) AS spend
}
RETURN id, spend
