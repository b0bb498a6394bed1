// Deletes the demo members and accounts with their memberships, and every identifier that no remaining account
// uses. Returns: deleted (Int), the members and accounts removed.
MATCH (n) WHERE (n:Member OR n:Account) AND n.demo = true
OPTIONAL MATCH (n)-[:HAS_IDENTIFIER]->(i:Identifier)
OPTIONAL MATCH (n)-[:HOLDS]->(ms:Membership)
WITH collect(DISTINCT n) AS nodes, collect(DISTINCT i) AS identifiers, collect(DISTINCT ms) AS memberships
FOREACH (ms IN memberships | DETACH DELETE ms)
FOREACH (n IN nodes | DETACH DELETE n)
WITH nodes, identifiers
CALL (identifiers) {
  UNWIND identifiers AS i
  WITH i WHERE NOT (i)<-[:HAS_IDENTIFIER]-()
  DETACH DELETE i
}
RETURN size(nodes) AS deleted
