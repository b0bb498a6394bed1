// Params: $ids [String] member ids, $since (ISO text). Returns one row per live member: id, spend (Float), the
// PURCHASE amounts since $since across all the member's accounts, summed in the database.
UNWIND $ids AS id
MATCH (m:Member {id: id})
CALL (m) {
  MATCH (m)<-[:BELONGS_TO]-(:Account)-[:DID]->(e:Event {type: 'PURCHASE'})
  WHERE e.at >= datetime($since)
  RETURN sum(e.amount) AS spend
}
RETURN id, spend
