// Params: $accountId, $identifierMaxAccounts, $maxCandidates.
// Returns one row: ownMemberId, subject {app, displayName, birthDate, city, kinds}, candidates [{accountId, app,
// displayName, birthDate, city, kinds, memberId, shared [{kind, accounts, verified, theirs}], forbidden, memberProfiles [{id,
// displayName, birthDate, city}]}], ordered by app and externalId (kinds: the distinct identifier kinds an account
// carries; memberProfiles: the other accounts of its member, which complete its profile: withMemberProfile).
// Blocking keeps the cost flat as the graph grows: candidates come only through identifiers (and derived keys)
// carried by at most $identifierMaxAccounts accounts, and through three index-backed blocks (matching.blocking.ts):
// the same birth date and city, the same birth date and first letter of the name, the same name initials and a birth date in the same year one
// slip away (the same month, the same day, or day and month swapped: the dates listed in `near`, each an index seek);
// at most $maxCandidates of each block. Accounts without a member yet (later lines of an import batch) are not
// candidates. ingest-account.cypher reads the same candidates when it stores an account.
// The choice is deterministic: a block is filtered (a member, not the account itself) before it is cut, and cut
// after ordering by name evidence (same name, case folded: 100; otherwise the length of the common prefix, up to 16),
// then app and externalId. batch-candidates.cypher and batch.matching.ts (nameEvidence) order blocks the same way.
// Shared identifiers come ordered by kind and hash, so rules that tie on evidence are listed in a stable order.
MATCH (a:Account {id: $accountId})
OPTIONAL MATCH (a)-[:BELONGS_TO]->(own:Member)
CALL (a) {
  CALL (a) {
    MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)
    WHERE COUNT { (i)<-[:HAS_IDENTIFIER]-() } <= $identifierMaxAccounts
    MATCH (i)<-[:HAS_IDENTIFIER]-(c:Account)
    WHERE c <> a
    RETURN c
    UNION
    MATCH (c:Account)
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
RETURN own.id AS ownMemberId,
       a {.app, .displayName, .birthDate, .city, kinds: COLLECT { MATCH (a)-[:HAS_IDENTIFIER]->(k:Identifier) RETURN DISTINCT k.kind AS kind ORDER BY kind }} AS subject,
       candidates
