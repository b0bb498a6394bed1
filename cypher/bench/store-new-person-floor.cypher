// Params: $app, $externalId, $hashes, $kinds, $masks [String] (the account's identifiers and their typo keys, as
// prepareAccount derives them). Floor of upsertAccount's writes for a new person, for bench:api: what the upsert
// stores when nothing matches (the account, its identifiers and typo keys, a member of its own and the link), in one
// auto-commit statement, with no candidates read and no change recorded. Returns: id.
CREATE (m:Member {id: randomUUID(), createdAt: datetime(), version: 0})
MERGE (a:Account {app: $app, externalId: $externalId})
ON CREATE SET a.id = randomUUID(), a.createdAt = datetime()
CREATE (a)-[:BELONGS_TO {method: 'DETERMINISTIC', confidence: 1.0, rules: ['NEW_MEMBER'], linkedAt: datetime()}]->(m)
WITH a
CALL (a) {
  UNWIND range(0, size($hashes) - 1) AS k
  MERGE (i:Identifier {hash: $hashes[k]})
  ON CREATE SET i.kind = $kinds[k], i.masked = $masks[k]
  MERGE (a)-[:HAS_IDENTIFIER]->(i)
}
RETURN a.id AS id
