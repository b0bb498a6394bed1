// Params: $accounts [{id, displayName, nameInitials, birthDate, city, hashes [String], verified [String] (hashes it
// verified: marked on its links to them, which stay verified), memberId, link {method, confidence, rules}}]:
// the accounts of an import batch that existed before it, in their final state; $purposes [String]: the consent purposes of the links it writes. Attributes given replace stored ones
// (null keeps them), identifiers (merged already by batch-candidates) accumulate, and an account the batch linked
// (memberId not null: it had no member) gets its link. Returns: accounts (Int).
UNWIND $accounts AS acc
MATCH (a:Account {id: acc.id})
SET a.displayName = coalesce(acc.displayName, a.displayName),
    a.nameInitials = coalesce(acc.nameInitials, a.nameInitials),
    a.birthDate = coalesce(acc.birthDate, a.birthDate),
    a.city = coalesce(acc.city, a.city),
    a.updatedAt = datetime()
WITH a, acc
CALL (a, acc) {
  UNWIND acc.hashes AS hash
  MATCH (n:Identifier {hash: hash})
  MERGE (a)-[h:HAS_IDENTIFIER]->(n)
  SET h.verified = CASE WHEN hash IN acc.verified THEN true ELSE h.verified END
}
CALL (a, acc) {
  WITH a, acc WHERE acc.memberId IS NOT NULL
  MATCH (m:Member {id: acc.memberId})
  CREATE (a)-[:BELONGS_TO {method: acc.link.method, confidence: acc.link.confidence, rules: acc.link.rules,
                           consentId: null, purposes: $purposes, consentAt: datetime(), linkedAt: datetime()}]->(m)
}
RETURN count(a) AS accounts
