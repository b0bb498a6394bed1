// Deletes the demo members and accounts with their memberships, events, brand summaries, review candidates and merged-away aliases,
// and every identifier that no remaining account uses. The identity changes loading them wrote stay in the outbox:
// partners may have read them, and offsets never go back. Returns: deleted (Int), the members and accounts removed.
MATCH (n) WHERE (n:Member OR n:Account) AND n.demo = true
OPTIONAL MATCH (n)-[:HAS_IDENTIFIER]->(i:Identifier)
OPTIONAL MATCH (n)-[:HOLDS]->(ms:Membership)
OPTIONAL MATCH (n)-[:DID]->(e:Event)
OPTIONAL MATCH (n)-[:SUMMARIZED_IN]->(sum:AccountBrand)
OPTIONAL MATCH (r:MatchCandidate)-->(n)
OPTIONAL MATCH (alias:MergedMember)-[:MERGED_INTO]->(n)
WITH collect(DISTINCT n) AS nodes, collect(DISTINCT i) AS identifiers,
     collect(DISTINCT ms) + collect(DISTINCT e) + collect(DISTINCT sum) + collect(DISTINCT r) + collect(DISTINCT alias) AS attached
FOREACH (x IN attached | DETACH DELETE x)
FOREACH (n IN nodes | DETACH DELETE n)
WITH nodes, identifiers
CALL (identifiers) {
  UNWIND identifiers AS i
  WITH i WHERE NOT (i)<-[:HAS_IDENTIFIER]-()
  DETACH DELETE i
}
RETURN size(nodes) AS deleted
