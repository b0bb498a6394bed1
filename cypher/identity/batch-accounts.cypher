// Params: $apps [String], $externalIds [String]: the batch's distinct account refs, as two columns of one length
// (a list of strings packs an order of magnitude faster than a list of maps in the driver).
// The accounts of an import batch that already exist, as they stand before the batch touches them. Returns one row per
// existing account: id, app, externalId, displayName, birthDate, city, memberId (or null), link {method, confidence,
// rules, linkedAt, consentId} (or null), hashes [String] of its identifiers, kinds [String] theirs, verified [String] the hashes it verified, dnl [String] ids of the members its
// do-not-link facts name.
UNWIND range(0, size($apps) - 1) AS i
MATCH (a:Account {app: $apps[i], externalId: $externalIds[i]})
OPTIONAL MATCH (a)-[l:BELONGS_TO]->(m:Member)
RETURN a.id AS id, a.app AS app, a.externalId AS externalId, a.displayName AS displayName, a.birthDate AS birthDate,
       a.city AS city, m.id AS memberId, l {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt} AS link,
       [(a)-[:HAS_IDENTIFIER]->(x:Identifier) | x.hash] AS hashes,
       [(a)-[:HAS_IDENTIFIER]->(x:Identifier) | x.kind] AS kinds,
       [(a)-[h:HAS_IDENTIFIER]->(x:Identifier) WHERE h.verified | x.hash] AS verified,
       [(a)-[:DO_NOT_LINK]->(o:Member) | o.id] AS dnl
