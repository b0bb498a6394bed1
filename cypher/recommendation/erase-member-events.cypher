// Params: $memberId (a live member id). Deletes the events recorded against a member being erased, and its accounts'
// summaries of brands (AccountBrand). Returns: nothing.
MATCH (m:Member {id: $memberId})<-[:BELONGS_TO]-(a:Account)
CALL (a) {
  MATCH (a)-[:DID]->(e:Event)
  DETACH DELETE e
}
CALL (a) {
  MATCH (a)-[:SUMMARIZED_IN]->(s:AccountBrand)
  DETACH DELETE s
}
