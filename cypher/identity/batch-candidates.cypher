// Params: $hashes, $kinds, $masks [String] (the batch's identifiers, distinct, sorted by hash, as three columns),
// $known [String] (hashes that existing batch accounts carry and the batch does not bring), $birthDates, $cities,
// $names, $initials [String] (the subjects of the probabilistic blocks: birth date, city or null, name lower-cased or
// '', name initials or null, as four columns), $exclude {accountId: true} (existing batch accounts),
// $ownMembers [String], $identifierMaxAccounts, $maxCandidates (Int).
// Every candidate of a whole import batch in one statement. The batch's identifiers are merged and touched
// (lastSeenAt) in hash order first, which write-locks them as upsert-account does: a concurrent ingest sharing one
// waits for the batch to commit. Candidates come only through blocking keys, as in match-candidates: identifiers
// carried by at most $identifierMaxAccounts accounts, and per subject the best $maxCandidates accounts that have a
// member of each of its blocks (matching.blocking.ts: CITY birth date and city, DATE birth date and first letter of the name, INITIALS name
// initials and a birth date one slip away in the same year: the same month, the same day, or day and month swapped),
// by name evidence (same name 100, else common prefix length up to
// 16) then app and externalId.
// Returns one row: identifiers [{hash, kind, degree, carriers [account ids], reexamined}] for identifiers other accounts
// carry already (carriers empty when over-shared; reexamined: its links were re-examined once over the limit), blocks [{subject (index), kind, accounts [account ids]}] for non-empty
// blocks, accounts [{id, app, externalId, displayName, birthDate, city, memberId, hashes, verified, kinds, dnl}] (every account
// in play except $exclude; hashes: only those among $hashes and $known, the only ones a batch account can share with
// it; verified: those of them it verified; kinds: the distinct kinds of all it carries), members [{id, displayName, createdMs, createdNs, version, apps
// [{app, accounts}], profiles, avoid [member ids]}] (the members of those accounts and $ownMembers).
// Cost at a million accounts (BENCHMARKS.md §1): "has a member" is a degree (COUNT of BELONGS_TO, which only ever ends
// at a Member) rather than an expansion, do-not-link facts are expanded only where the degree says there are some, and
// the candidates' other hashes stay in the graph: sending them took ~40 % of the statement's time.
CALL () {
  UNWIND range(0, size($hashes) - 1) AS k
  MERGE (n:Identifier {hash: $hashes[k]})
  ON CREATE SET n.kind = $kinds[k], n.masked = $masks[k], n.lastSeenAt = datetime()
  ON MATCH SET n.lastSeenAt = datetime()
  RETURN collect(n) AS locked
}
CALL (locked) {
  // Not a UNION inside: its DISTINCT would key every row on the imported list too (memory quadratic in the batch).
  // $known and the batch's hashes are disjoint.
  UNWIND locked + COLLECT { UNWIND $known AS hash MATCH (k:Identifier {hash: hash}) RETURN k } AS n
  WITH n, COUNT { (n)<-[:HAS_IDENTIFIER]-() } AS degree
  WHERE degree > 0
  WITH n, degree, CASE WHEN degree <= $identifierMaxAccounts THEN [(n)<-[:HAS_IDENTIFIER]-(c:Account) | c] ELSE [] END AS carriers
  RETURN collect({hash: n.hash, kind: n.kind, degree: degree, carriers: [c IN carriers | c.id], reexamined: n.reexaminedAt IS NOT NULL}) AS identifiers,
         collect(carriers) AS carrierLists
}
CALL () {
  UNWIND range(0, size($birthDates) - 1) AS k
  CALL (k) {
    MATCH (c:Account)
    WHERE c.birthDate = $birthDates[k] AND c.city = $cities[k] AND $exclude[c.id] IS NULL AND COUNT { (c)-[:BELONGS_TO]->() } > 0
    WITH c, toLower(coalesce(c.displayName, '')) AS name, $names[k] AS subject
    WITH c, CASE WHEN subject = '' OR name = '' THEN 0 WHEN name = subject THEN 100
                 ELSE reduce(p = 0, j IN range(1, 16) | CASE WHEN p = j - 1 AND size(name) >= j AND size(subject) >= j AND left(name, j) = left(subject, j) THEN j ELSE p END)
            END AS evidence
    ORDER BY evidence DESC, c.app, c.externalId
    LIMIT $maxCandidates
    RETURN 'CITY' AS kind, collect(c) AS block
    UNION ALL
    MATCH (c:Account)
    WHERE c.birthDate = $birthDates[k] AND $names[k] <> '' AND left(toLower(c.displayName), 1) = left($names[k], 1)
      AND $exclude[c.id] IS NULL AND COUNT { (c)-[:BELONGS_TO]->() } > 0
    WITH c, toLower(c.displayName) AS name, $names[k] AS subject
    WITH c, CASE WHEN name = subject THEN 100
                 ELSE reduce(p = 0, j IN range(1, 16) | CASE WHEN p = j - 1 AND size(name) >= j AND size(subject) >= j AND left(name, j) = left(subject, j) THEN j ELSE p END)
            END AS evidence
    ORDER BY evidence DESC, c.app, c.externalId
    LIMIT $maxCandidates
    RETURN 'DATE' AS kind, collect(c) AS block
    UNION ALL
    WITH k, $birthDates[k] AS date
    WITH k, [d IN range(1, 31) | left(date, 8) + right('0' + toString(d), 2)]
            + [m IN range(1, 12) WHERE m <> toInteger(substring(date, 5, 2)) | left(date, 5) + right('0' + toString(m), 2) + right(date, 3)]
            + CASE WHEN substring(date, 5, 2) <> substring(date, 8, 2)
                   THEN [left(date, 5) + substring(date, 8, 2) + '-' + substring(date, 5, 2)] ELSE [] END AS near
    MATCH (c:Account)
    WHERE c.nameInitials = $initials[k] AND c.birthDate IN near
      AND $exclude[c.id] IS NULL AND COUNT { (c)-[:BELONGS_TO]->() } > 0
    WITH c, toLower(coalesce(c.displayName, '')) AS name, $names[k] AS subject
    WITH c, CASE WHEN subject = '' OR name = '' THEN 0 WHEN name = subject THEN 100
                 ELSE reduce(p = 0, j IN range(1, 16) | CASE WHEN p = j - 1 AND size(name) >= j AND size(subject) >= j AND left(name, j) = left(subject, j) THEN j ELSE p END)
            END AS evidence
    ORDER BY evidence DESC, c.app, c.externalId
    LIMIT $maxCandidates
    RETURN 'INITIALS' AS kind, collect(c) AS block
  }
  WITH k, kind, block WHERE size(block) > 0
  RETURN collect({subject: k, kind: kind, accounts: [c IN block | c.id]}) AS blocks, collect(block) AS blockLists
}
CALL (carrierLists, blockLists) {
  UNWIND carrierLists + blockLists AS list
  UNWIND list AS c
  WITH DISTINCT c
  WHERE $exclude[c.id] IS NULL
  OPTIONAL MATCH (c)-[:BELONGS_TO]->(m:Member)
  // One expansion for both columns (HAS_IDENTIFIER only ever ends at an Identifier).
  WITH c, m, [(c)-[h:HAS_IDENTIFIER]->(x) | {x: x, verified: h.verified}] AS carried
  RETURN collect({id: c.id, app: c.app, externalId: c.externalId, displayName: c.displayName, birthDate: c.birthDate,
                  city: c.city, memberId: m.id, hashes: [e IN carried WHERE e.x.hash IN $hashes OR e.x.hash IN $known | e.x.hash],
                  verified: [e IN carried WHERE e.verified AND (e.x.hash IN $hashes OR e.x.hash IN $known) | e.x.hash],
                  kinds: reduce(kinds = [], e IN carried | CASE WHEN e.x.kind IN kinds THEN kinds ELSE kinds + e.x.kind END),
                  dnl: CASE WHEN COUNT { (c)-[:DO_NOT_LINK]->() } > 0 THEN [(c)-[:DO_NOT_LINK]->(o:Member) | o.id] ELSE [] END}) AS accounts,
         collect(DISTINCT m.id) AS memberIds
}
CALL (memberIds) {
  UNWIND memberIds + $ownMembers AS id
  WITH DISTINCT id
  MATCH (m:Member {id: id})
  CALL (m) {
    MATCH (m)<-[:BELONGS_TO]-(a:Account)
    WITH a.app AS app, collect(a {.id, .displayName, .birthDate, .city}) AS accounts
    RETURN collect({app: app, accounts: size(accounts)}) AS apps, reduce(all = [], list IN collect(accounts) | all + list) AS profiles
  }
  RETURN collect({id: m.id, displayName: m.displayName, createdMs: m.createdAt.epochMillis, createdNs: m.createdAt.nanosecond,
                  version: coalesce(m.version, 0), apps: apps, profiles: profiles,
                  avoid: COLLECT { MATCH (m)<-[:BELONGS_TO]-(x:Account) WHERE COUNT { (x)-[:DO_NOT_LINK]->() } > 0 MATCH (x)-[:DO_NOT_LINK]->(o:Member) RETURN o.id }}) AS members
}
RETURN identifiers, blocks, accounts, members
