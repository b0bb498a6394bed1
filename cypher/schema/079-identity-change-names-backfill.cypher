// Identity changes recorded before erasures redacted the feeds get their NAMES ties (append-changes.cypher): to the
// accounts they name, and to the live members their member ids resolve to (a merged-away id to its survivor). What
// they name that no longer exists was erased (only erasures delete accounts, members and merged-away ids), so it is
// taken out, as redact-changes.cypher does now at each erasure: a change left naming no account goes. Erasure notices
// stay as they are. In batches, so a large outbox does not need one huge transaction.
MATCH (c:IdentityChange) WHERE c.kind <> 'ERASED'
CALL (c) {
  CALL (c) {
    UNWIND c.accounts AS externalId
    OPTIONAL MATCH (a:Account {app: c.app, externalId: externalId})
    RETURN collect(a) AS accounts
  }
  CALL (c) {
    UNWIND [c.memberId] + c.mergedMemberIds AS id
    CALL (id) {
      MATCH (m:Member {id: id}) RETURN m
      UNION
      MATCH (:MergedMember {id: id})-[:MERGED_INTO]->(m:Member) RETURN m
    }
    RETURN collect(id) AS known, collect(DISTINCT m) AS members
  }
  SET c.accounts = [a IN accounts | a.externalId],
      c.memberId = CASE WHEN c.memberId IN known THEN c.memberId END,
      c.mergedMemberIds = [x IN c.mergedMemberIds WHERE x IN known]
  FOREACH (a IN accounts | MERGE (c)-[:NAMES]->(a))
  FOREACH (m IN members | MERGE (c)-[:NAMES]->(m))
  FOREACH (gone IN CASE WHEN size(accounts) = 0 THEN [c] ELSE [] END | DETACH DELETE gone)
} IN TRANSACTIONS OF 1000 ROWS
