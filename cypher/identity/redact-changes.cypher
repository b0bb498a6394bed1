// Params: $memberId (a live member being erased, locked with its accounts). Takes the member out of the identity
// changes recorded before its erasure, found through their NAMES ties: each loses the erased accounts' external ids
// and the member's ids (its own and those merged into it); a change left naming none of its app's accounts is
// deleted. Offsets of what stays do not change, so readers keep their order. The erasure notice, recorded after
// this, is the only change that names the accounts. Returns: redacted (Int), deleted (Int).
MATCH (m:Member {id: $memberId})
WITH m, [m.id] + [(alias:MergedMember)-[:MERGED_INTO]->(m) | alias.id] AS ids,
     [(m)<-[:BELONGS_TO]-(a:Account) | a] AS accounts
CALL (m, accounts) {
  MATCH (c:IdentityChange)-[:NAMES]->(m)
  RETURN c
  UNION
  UNWIND accounts AS a
  MATCH (c:IdentityChange)-[:NAMES]->(a)
  RETURN c
}
WITH ids, c, [x IN c.accounts WHERE NOT x IN [a IN accounts WHERE a.app = c.app | a.externalId]] AS kept
SET c.accounts = kept,
    c.memberId = CASE WHEN c.memberId IN ids THEN null ELSE c.memberId END,
    c.mergedMemberIds = [x IN c.mergedMemberIds WHERE NOT x IN ids]
WITH c, size(kept) = 0 AS empty
CALL (c, empty) {
  UNWIND CASE WHEN empty THEN [c] ELSE [] END AS gone
  DETACH DELETE gone
}
RETURN count(*) AS redacted, sum(CASE WHEN empty THEN 1 ELSE 0 END) AS deleted
