// Params, as columns of one length (one entry per account): $ids, $apps, $externalIds, $displayNames, $birthDates,
// $cities [String or null], $hashes, $kinds, $masks [[String]] (each account's identifiers).
// The raw floor of bulk import for benchmarks: one UNWIND statement stores a batch of accounts with their identifiers,
// as the import does, but matches nothing and makes no members. Idempotent (MERGE on the natural keys). Columns, as
// the import's own statements use, so the floor pays the same (small) price for its parameters.
UNWIND range(0, size($ids) - 1) AS i
MERGE (a:Account {app: $apps[i], externalId: $externalIds[i]})
ON CREATE SET a.id = $ids[i], a.createdAt = datetime()
SET a.displayName = coalesce($displayNames[i], a.displayName),
    a.birthDate = coalesce($birthDates[i], a.birthDate),
    a.city = coalesce($cities[i], a.city),
    a.updatedAt = datetime()
WITH a, i
UNWIND range(0, size($hashes[i]) - 1) AS k
MERGE (n:Identifier {hash: $hashes[i][k]})
ON CREATE SET n.kind = $kinds[i][k], n.masked = $masks[i][k]
SET n.lastSeenAt = datetime()
MERGE (a)-[:HAS_IDENTIFIER]->(n)
