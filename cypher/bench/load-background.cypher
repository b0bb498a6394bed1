// Params, as columns (lists of one length each; the driver packs lists of strings far faster than lists of maps):
// $memberIds, $memberNames [String] (one entry per member); $ids, $accountMembers, $apps, $externalIds,
// $displayNames, $nameInitials, $birthDates, $cities [String] (one entry per account; accountMembers names its member), $hashes,
// $kinds, $masks [[String]] (each account's identifiers).
// Loads a background graph for benchmarks in one statement per batch, without matching: each member gets the
// accounts it is known to own. MERGE on the natural keys keeps a retried batch harmless. Like upsert-account, the app
// is a property of the account, not a relationship. Returns: accounts (Int).
CALL () {
  UNWIND range(0, size($memberIds) - 1) AS i
  MERGE (m:Member {id: $memberIds[i]})
  ON CREATE SET m.displayName = $memberNames[i], m.loyaltyScore = 0, m.createdAt = datetime()
}
UNWIND range(0, size($ids) - 1) AS i
MATCH (m:Member {id: $accountMembers[i]})
MERGE (a:Account {app: $apps[i], externalId: $externalIds[i]})
ON CREATE SET a.id = $ids[i], a.createdAt = datetime()
SET a.displayName = $displayNames[i], a.nameInitials = $nameInitials[i], a.birthDate = $birthDates[i], a.city = $cities[i], a.updatedAt = datetime()
MERGE (a)-[l:BELONGS_TO]->(m)
ON CREATE SET l.method = 'DETERMINISTIC', l.confidence = 1.0, l.rules = ['BENCH_BACKGROUND'], l.purposes = ['BENEFITS', 'RECOMMENDATIONS', 'ANALYTICS'], l.linkedAt = datetime()
WITH a, i
CALL (a, i) {
  UNWIND range(0, size($hashes[i]) - 1) AS k
  MERGE (n:Identifier {hash: $hashes[i][k]})
  ON CREATE SET n.kind = $kinds[i][k], n.masked = $masks[i][k]
  MERGE (a)-[:HAS_IDENTIFIER]->(n)
}
RETURN count(a) AS accounts
