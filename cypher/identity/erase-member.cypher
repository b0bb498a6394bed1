// Params: $memberId (a live member id). Deletes identity's part of the member: the member, its accounts, their
// identifiers unless another account still carries them, their review candidates and the merged-away aliases; audit
// events that concerned it keep only non-personal facts. Other domains erase their parts first, in the same
// transaction. Returns: memberId, accounts (Int), or no row when there is no such member.
MATCH (m:Member {id: $memberId})
OPTIONAL MATCH (m)<-[:BELONGS_TO]-(a:Account)
WITH m, collect(a) AS accounts
CALL (accounts) {
  UNWIND accounts AS a
  MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)
  WHERE NOT EXISTS { (i)<-[:HAS_IDENTIFIER]-(other:Account) WHERE NOT other IN accounts }
  DETACH DELETE i
}
CALL (accounts) {
  UNWIND accounts AS a
  MATCH (r:MatchCandidate)-->(a)
  DETACH DELETE r
}
CALL (m) {
  MATCH (e:AuditEvent)-[:CONCERNS]->(m)
  SET e.survivorId = null, e.memberIds = [], e.accountId = null, e.detail = null, e.erased = true
}
CALL (m) {
  MATCH (alias:MergedMember)-[:MERGED_INTO]->(m)
  OPTIONAL MATCH (e:AuditEvent)-[:CONCERNS]->(alias)
  SET e.survivorId = null, e.memberIds = [], e.accountId = null, e.detail = null, e.erased = true
  DETACH DELETE alias
}
WITH m, accounts, m.id AS memberId, size(accounts) AS accountCount
FOREACH (a IN accounts | DETACH DELETE a)
DETACH DELETE m
RETURN memberId, accountCount AS accounts
