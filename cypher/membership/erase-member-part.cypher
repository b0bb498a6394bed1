// Params: $memberId (a live member id). Deletes membership's part of a member being erased: its memberships,
// loyalty score history and the redemptions made through its accounts; program payments stay for the books with
// the member id removed. Returns: nothing.
MATCH (m:Member {id: $memberId})
CALL (m) {
  MATCH (m)<-[:BELONGS_TO]-(:Account)<-[:BY_ACCOUNT]-(r:Redemption)
  DETACH DELETE r
}
CALL (m) {
  MATCH (m)-[:HOLDS|SCORE_CHANGED]->(owned)
  DETACH DELETE owned
}
CALL (m) {
  MATCH (pay:Payment {memberId: m.id})
  SET pay.memberId = null, pay.erased = true
}
