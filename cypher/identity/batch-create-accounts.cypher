// Params, as columns of one length (one entry per new account of an import batch): $ids, $apps, $externalIds,
// $displayNames, $nameInitials, $birthDates, $cities [String or null], $hashes [[String]] (its identifiers, merged already by
// batch-candidates), $verified [[String]] (those of its hashes it verified), $memberIds [String], $methods [String], $confidences [Float], $rules [[String]],
// $purposes [String] (the consent purposes of every link written: automatic links get the policy's default).
// Creates the batch's new accounts with their identifiers and their link to the member the batch decided (the
// (app, externalId) constraint refuses an account created concurrently, and the batch is retried).
// Returns: linked (Int), the accounts linked; fewer than given means a member vanished meanwhile (merged elsewhere).
UNWIND range(0, size($ids) - 1) AS i
CREATE (a:Account {id: $ids[i], app: $apps[i], externalId: $externalIds[i], displayName: $displayNames[i], nameInitials: $nameInitials[i],
                   birthDate: $birthDates[i], city: $cities[i], createdAt: datetime(), updatedAt: datetime()})
WITH a, i
CALL (a, i) {
  UNWIND $hashes[i] AS hash
  MATCH (n:Identifier {hash: hash})
  CREATE (a)-[h:HAS_IDENTIFIER]->(n)
  SET h.verified = CASE WHEN hash IN $verified[i] THEN true END
}
MATCH (m:Member {id: $memberIds[i]})
CREATE (a)-[:BELONGS_TO {method: $methods[i], confidence: $confidences[i], rules: $rules[i], consentId: null, purposes: $purposes, consentAt: datetime(), linkedAt: datetime()}]->(m)
RETURN count(a) AS linked
