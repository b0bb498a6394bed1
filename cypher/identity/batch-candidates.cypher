// Params: $identifiers [{hash, kind, masked}] (the batch's identifiers, distinct, sorted by hash), $known [String]
// (hashes that existing batch accounts carry and the batch does not bring), $subjects [{key, birthDate, city, name}]
// (name lower-cased), $exclude {accountId: true} (existing batch accounts), $ownMembers [String],
// $identifierMaxAccounts, $maxCandidates (Int).
// Every candidate of a whole import batch in one statement. The batch's identifiers are merged and touched
// (lastSeenAt) in hash order first, which write-locks them as upsert-account does: a concurrent ingest sharing one
// waits for the batch to commit. Candidates come only through blocking keys, as in match-candidates: identifiers
// carried by at most $identifierMaxAccounts accounts, and per subject the best $maxCandidates accounts of its
// (birthDate, city) block that have a member, by name evidence (same name 100, else common prefix length up to 16)
// then app and externalId.
// Returns one row: identifiers [{hash, kind, degree, carriers [account ids]}] (carriers empty when over-shared),
// blocks [{key, accounts [account ids]}], accounts [{id, app, externalId, displayName, birthDate, city, memberId,
// hashes, dnl}] (every account in play except $exclude), members [{id, displayName, createdMs, createdNs, version,
// apps [{app, accounts}], avoid [member ids]}] (the members of those accounts and $ownMembers).
CALL () {
  UNWIND $identifiers AS i
  MERGE (n:Identifier {hash: i.hash})
  ON CREATE SET n.kind = i.kind, n.masked = i.masked
  SET n.lastSeenAt = datetime()
  RETURN collect(n) AS locked
}
CALL (locked) {
  CALL (locked) {
    UNWIND locked AS n
    RETURN n
    UNION
    UNWIND $known AS hash
    MATCH (n:Identifier {hash: hash})
    RETURN n
  }
  WITH n, COUNT { (n)<-[:HAS_IDENTIFIER]-() } AS degree
  WITH n, degree, CASE WHEN degree <= $identifierMaxAccounts THEN [(n)<-[:HAS_IDENTIFIER]-(c:Account) | c] ELSE [] END AS carriers
  RETURN collect({hash: n.hash, kind: n.kind, degree: degree, carriers: [c IN carriers | c.id]}) AS identifiers,
         collect(carriers) AS carrierLists
}
CALL () {
  UNWIND $subjects AS s
  CALL (s) {
    MATCH (c:Account)
    WHERE c.birthDate = s.birthDate AND c.city = s.city AND $exclude[c.id] IS NULL AND EXISTS { (c)-[:BELONGS_TO]->(:Member) }
    WITH c, toLower(coalesce(c.displayName, '')) AS name
    WITH c, CASE WHEN s.name = '' OR name = '' THEN 0 WHEN name = s.name THEN 100
                 ELSE reduce(p = 0, k IN range(1, 16) | CASE WHEN p = k - 1 AND size(name) >= k AND size(s.name) >= k AND left(name, k) = left(s.name, k) THEN k ELSE p END)
            END AS evidence
    ORDER BY evidence DESC, c.app, c.externalId
    LIMIT $maxCandidates
    RETURN collect(c) AS block
  }
  RETURN collect({key: s.key, accounts: [c IN block | c.id]}) AS blocks, collect(block) AS blockLists
}
CALL (carrierLists, blockLists) {
  UNWIND carrierLists + blockLists AS list
  UNWIND list AS c
  WITH DISTINCT c
  WHERE $exclude[c.id] IS NULL
  OPTIONAL MATCH (c)-[:BELONGS_TO]->(m:Member)
  RETURN collect({id: c.id, app: c.app, externalId: c.externalId, displayName: c.displayName, birthDate: c.birthDate,
                  city: c.city, memberId: m.id, hashes: [(c)-[:HAS_IDENTIFIER]->(x:Identifier) | x.hash],
                  dnl: [(c)-[:DO_NOT_LINK]->(o:Member) | o.id]}) AS accounts,
         collect(DISTINCT m.id) AS memberIds
}
CALL (memberIds) {
  UNWIND memberIds + $ownMembers AS id
  WITH DISTINCT id
  MATCH (m:Member {id: id})
  CALL (m) {
    MATCH (m)<-[:BELONGS_TO]-(a:Account)
    WITH a.app AS app, count(a) AS accounts
    RETURN collect({app: app, accounts: accounts}) AS apps
  }
  RETURN collect({id: m.id, displayName: m.displayName, createdMs: m.createdAt.epochMillis, createdNs: m.createdAt.nanosecond,
                  version: coalesce(m.version, 0), apps: apps,
                  avoid: [(m)<-[:BELONGS_TO]-(:Account)-[:DO_NOT_LINK]->(o:Member) | o.id]}) AS members
}
RETURN identifiers, blocks, accounts, members
