// Params: $app, $externalId, $accountId (used only when the account is new), $displayName, $nameInitials, $birthDate,
//         $city, $identifiers [{hash, kind, masked, verified}] (verified: the app checked the holder controls it;
//         once verified, the account's link to the identifier stays so), $identifierMaxAccounts, $maxCandidates,
//         $newMember {id, method, confidence, rules, purposes, recordChange} (used only when the account is alone).
// Omitted attributes keep their stored values; identifiers accumulate.
// Identifiers come sorted by hash and each is touched (lastSeenAt), which write-locks them in a fixed order: two
// concurrent ingests sharing an identifier run one after the other, so the second one sees the first's account.
// The app is a property, not a relationship to the (:App) node: that node would be locked by every ingest on the
// app and serialize them all.
// Each block names its index: a plan made on stale statistics (just after a bulk load, before the indexes are
// resampled) scanned the whole (nameInitials, birthDate) index for every upsert (15,290 db hits instead of 318).
// With every read a unique seek, a named index or an expansion from the account, statistics no longer change the
// plan, so it is kept when they move (replan=skip): planning this statement costs 0.2–0.5 s of CPU (seconds in a
// cold JVM), and every upsert in flight when its plan went stale planned it again, stalling them all (BENCHMARKS §4).
// The candidates are those of match-candidates.cypher (the same blocking keys and cuts, the same shape) but for the
// accounts of the account's own member, read in the same statement so that the caller decides in memory: an account
// with no candidate (settled) needs no matching, and one whose candidates all score below REVIEW needs no lock.
// An account without a member and without candidates (alone) gets its own member here, with its LINKED identity
// change when $newMember.recordChange, so the common cases, a new person and a returning account, are one statement.
// Returns: account {id, app, externalId, displayName, memberId, link} as stored or linked, member {id, displayName,
// loyaltyScore, createdAt} (both memberId and member null when matching must decide), memberAccounts (how many
// accounts the member holds), subject {app, displayName, birthDate, city, kinds}, candidates [as match-candidates],
// overShared [hash]: its identifiers and derived keys carried by more than $identifierMaxAccounts accounts whose links
// were not re-examined yet (as over-shared-of-accounts.cypher, identifiers first), for the re-examination after the
// commit (overshared.service.ts).
CYPHER replan=skip
MERGE (a:Account {app: $app, externalId: $externalId})
ON CREATE SET a.id = $accountId, a.createdAt = datetime()
SET a.displayName = coalesce($displayName, a.displayName),
    a.nameInitials = coalesce($nameInitials, a.nameInitials),
    a.birthDate = coalesce($birthDate, a.birthDate),
    a.city = coalesce($city, a.city),
    a.updatedAt = datetime()
FOREACH (i IN $identifiers |
  MERGE (n:Identifier {hash: i.hash})
  ON CREATE SET n.kind = i.kind, n.masked = i.masked
  SET n.lastSeenAt = datetime()
  MERGE (a)-[h:HAS_IDENTIFIER]->(n)
  SET h.verified = CASE WHEN i.verified THEN true ELSE h.verified END
)
WITH a
OPTIONAL MATCH (a)-[:BELONGS_TO]->(own:Member)
CALL (a, own) {
  CALL (a) {
    MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)
    WHERE COUNT { (i)<-[:HAS_IDENTIFIER]-() } <= $identifierMaxAccounts
    MATCH (i)<-[:HAS_IDENTIFIER]-(c:Account)
    WHERE c <> a
    RETURN c
    UNION
    MATCH (c:Account)
    USING INDEX c:Account(birthDate, city)
    WHERE c.birthDate = a.birthDate AND c.city = a.city AND c <> a AND COUNT { (c)-[:BELONGS_TO]->() } > 0
    WITH c, toLower(coalesce(a.displayName, '')) AS subject, toLower(coalesce(c.displayName, '')) AS name
    WITH c, CASE WHEN subject = '' OR name = '' THEN 0 WHEN name = subject THEN 100
                 ELSE reduce(p = 0, k IN range(1, 16) | CASE WHEN p = k - 1 AND size(name) >= k AND size(subject) >= k AND left(name, k) = left(subject, k) THEN k ELSE p END)
            END AS evidence
    ORDER BY evidence DESC, c.app, c.externalId
    LIMIT $maxCandidates
    RETURN c
    UNION
    MATCH (c:Account)
    USING INDEX c:Account(birthDate)
    WHERE c.birthDate = a.birthDate AND c <> a AND size(a.displayName) > 0
      AND left(toLower(c.displayName), 1) = left(toLower(a.displayName), 1) AND COUNT { (c)-[:BELONGS_TO]->() } > 0
    WITH c, toLower(a.displayName) AS subject, toLower(c.displayName) AS name
    WITH c, CASE WHEN name = subject THEN 100
                 ELSE reduce(p = 0, k IN range(1, 16) | CASE WHEN p = k - 1 AND size(name) >= k AND size(subject) >= k AND left(name, k) = left(subject, k) THEN k ELSE p END)
            END AS evidence
    ORDER BY evidence DESC, c.app, c.externalId
    LIMIT $maxCandidates
    RETURN c
    UNION
    WITH a, [d IN range(1, 31) | left(a.birthDate, 8) + right('0' + toString(d), 2)]
            + [m IN range(1, 12) WHERE m <> toInteger(substring(a.birthDate, 5, 2)) | left(a.birthDate, 5) + right('0' + toString(m), 2) + right(a.birthDate, 3)]
            + CASE WHEN substring(a.birthDate, 5, 2) <> substring(a.birthDate, 8, 2)
                   THEN [left(a.birthDate, 5) + substring(a.birthDate, 8, 2) + '-' + substring(a.birthDate, 5, 2)] ELSE [] END AS near
    MATCH (c:Account)
    USING INDEX c:Account(nameInitials, birthDate)
    WHERE c.nameInitials = a.nameInitials AND c.birthDate IN near AND c <> a
      AND COUNT { (c)-[:BELONGS_TO]->() } > 0
    WITH c, toLower(a.displayName) AS subject, toLower(c.displayName) AS name
    WITH c, CASE WHEN name = subject THEN 100
                 ELSE reduce(p = 0, k IN range(1, 16) | CASE WHEN p = k - 1 AND size(name) >= k AND size(subject) >= k AND left(name, k) = left(subject, k) THEN k ELSE p END)
            END AS evidence
    ORDER BY evidence DESC, c.app, c.externalId
    LIMIT $maxCandidates
    RETURN c
  }
  MATCH (c)-[:BELONGS_TO]->(m:Member)
  WHERE own IS NULL OR m <> own
  WITH a, c, m ORDER BY c.app, c.externalId
  RETURN collect({
    accountId: c.id, app: c.app, displayName: c.displayName, birthDate: c.birthDate, city: c.city, memberId: m.id,
    kinds: COLLECT { MATCH (c)-[:HAS_IDENTIFIER]->(k:Identifier) RETURN DISTINCT k.kind AS kind ORDER BY kind },
    shared: COLLECT {
      MATCH (a)-[h:HAS_IDENTIFIER]->(x:Identifier)<-[hc:HAS_IDENTIFIER]-(c)
      WITH x, h, hc ORDER BY x.kind, x.hash
      RETURN {kind: x.kind, accounts: COUNT { (x)<-[:HAS_IDENTIFIER]-() }, verified: coalesce(h.verified, false), theirs: coalesce(hc.verified, false)}
    },
    forbidden: EXISTS { (a)-[:DO_NOT_LINK]->(m) } OR EXISTS { (c)-[:DO_NOT_LINK]->(:Member)<-[:BELONGS_TO]-(a) },
    memberProfiles: [(m)<-[:BELONGS_TO]-(o:Account) WHERE o <> c | o {.id, .displayName, .birthDate, .city}]
  }) AS candidates
}
WITH a, candidates, own IS NULL AND size(candidates) = 0 AS alone
// A unit subquery: OPTIONAL CALL with a write inside returns a phantom node, not null, when it writes nothing (5.26).
CALL (a, alone) {
  WITH a WHERE alone
  CREATE (m:Member {id: $newMember.id, displayName: a.displayName, loyaltyScore: 0, createdAt: datetime()})
  CREATE (a)-[:BELONGS_TO {method: $newMember.method, confidence: $newMember.confidence, rules: $newMember.rules,
                           purposes: $newMember.purposes, consentAt: datetime(), linkedAt: datetime()}]->(m)
  // Its LINKED change, as identity/append-changes.cypher records one (the app's sequence lock, held to commit), so a new
  // person stays one statement with the outbox on.
  WITH a, m WHERE $newMember.recordChange
  MERGE (s:ChangeSequence {name: 'identity:' + a.app})
  ON CREATE SET s.last = 0
  SET s._lock = true
  SET s.last = s.last + 1
  REMOVE s._lock
  CREATE (change:IdentityChange {offset: s.last, app: a.app, kind: 'LINKED', at: datetime(), memberId: m.id,
                                  accounts: [a.externalId], mergedMemberIds: []}),
         (change)-[:NAMES]->(a), (change)-[:NAMES]->(m)
}
OPTIONAL MATCH (a)-[link:BELONGS_TO]->(m:Member)
RETURN a {.id, .app, .externalId, .displayName, memberId: m.id, link: link {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence}} AS account,
       CASE WHEN m IS NULL THEN null ELSE m {.id, .displayName, .loyaltyScore, .createdAt} END AS member,
       COUNT { (m)<-[:BELONGS_TO]-(:Account) } AS memberAccounts,
       a {.app, .displayName, .birthDate, .city, kinds: COLLECT { MATCH (a)-[:HAS_IDENTIFIER]->(k:Identifier) RETURN DISTINCT k.kind AS kind ORDER BY kind }} AS subject,
       candidates,
       COLLECT {
         MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)
         WHERE i.reexaminedAt IS NULL AND COUNT { (i)<-[:HAS_IDENTIFIER]-() } > $identifierMaxAccounts
         RETURN i.hash AS hash ORDER BY i.kind ENDS WITH '~', hash
       } AS overShared
