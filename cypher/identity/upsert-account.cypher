// Params: $app, $externalId, $accountId (used only when the account is new), $displayName, $birthDate, $city,
//         $identifiers [{hash, kind, masked}]. Omitted attributes keep their stored values; identifiers accumulate.
// Identifiers come sorted by hash and each is touched (lastSeenAt), which write-locks them in a fixed order: two
// concurrent ingests sharing an identifier run one after the other, so the second one sees the first's account.
// The app is a property, not a relationship to the (:App) node: that node would be locked by every ingest on the
// app and serialize them all.
// Returns: account {id, app, externalId, displayName, memberId, link} as stored (memberId and link null when the
// account has no member yet).
MERGE (a:Account {app: $app, externalId: $externalId})
ON CREATE SET a.id = $accountId, a.createdAt = datetime()
SET a.displayName = coalesce($displayName, a.displayName),
    a.birthDate = coalesce($birthDate, a.birthDate),
    a.city = coalesce($city, a.city),
    a.updatedAt = datetime()
FOREACH (i IN $identifiers |
  MERGE (n:Identifier {hash: i.hash})
  ON CREATE SET n.kind = i.kind, n.masked = i.masked
  SET n.lastSeenAt = datetime()
  MERGE (a)-[:HAS_IDENTIFIER]->(n)
)
WITH a
OPTIONAL MATCH (a)-[l:BELONGS_TO]->(m:Member)
RETURN a {.id, .app, .externalId, .displayName, memberId: m.id, link: l {.method, .confidence, .rules, .linkedAt, .consentId}} AS account
