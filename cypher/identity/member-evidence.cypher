// Params: $memberId. What matching compares of every account of the member, to score its accounts against each
// other again. Returns one row (none for an unknown member): accounts [{id, app, externalId, displayName, birthDate,
// city, method, linkedAt, identifiers [{hash, kind, accounts, verified}]}] in (app, externalId) order; accounts: how many
// accounts carry the identifier in the whole graph.
MATCH (m:Member {id: $memberId})
OPTIONAL MATCH (m)<-[l:BELONGS_TO]-(a:Account)
WITH a, l ORDER BY a.app, a.externalId
RETURN collect({
  id: a.id, app: a.app, externalId: a.externalId, displayName: a.displayName, birthDate: a.birthDate, city: a.city,
  method: l.method, linkedAt: l.linkedAt,
  identifiers: [(a)-[h:HAS_IDENTIFIER]->(i:Identifier) | {hash: i.hash, kind: i.kind, accounts: COUNT { (i)<-[:HAS_IDENTIFIER]-() }, verified: coalesce(h.verified, false)}]
}) AS accounts
