// Params: $refs [{app, externalId}], distinct. The accounts of an import batch that already exist, as they stand
// before the batch touches them. Returns one row per existing account: id, app, externalId, displayName, birthDate,
// city, memberId (or null), link {method, confidence, rules, linkedAt, consentId} (or null), hashes [String] of its
// identifiers, dnl [String] ids of the members its do-not-link facts name.
UNWIND $refs AS ref
MATCH (a:Account {app: ref.app, externalId: ref.externalId})
OPTIONAL MATCH (a)-[l:BELONGS_TO]->(m:Member)
RETURN a.id AS id, a.app AS app, a.externalId AS externalId, a.displayName AS displayName, a.birthDate AS birthDate,
       a.city AS city, m.id AS memberId, l {.method, .confidence, .rules, .linkedAt, .consentId} AS link,
       [(a)-[:HAS_IDENTIFIER]->(x:Identifier) | x.hash] AS hashes,
       [(a)-[:DO_NOT_LINK]->(o:Member) | o.id] AS dnl
