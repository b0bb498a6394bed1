// Params: $members [{id, displayName, accounts [{id, app, externalId, displayName, birthDate, city,
//         identifiers [{hash, kind, masked}]}]}].
// Loads a background graph for benchmarks in one statement per batch, without matching: each member gets the
// accounts it is known to own. MERGE on the natural keys keeps a retried batch harmless. Like upsert-account, the app
// is a property of the account, not a relationship.
// Returns: accounts (Int).
UNWIND $members AS mem
MERGE (m:Member {id: mem.id})
ON CREATE SET m.displayName = mem.displayName, m.loyaltyScore = 0, m.createdAt = datetime()
WITH m, mem
UNWIND mem.accounts AS acc
MERGE (a:Account {app: acc.app, externalId: acc.externalId})
ON CREATE SET a.id = acc.id, a.createdAt = datetime()
SET a.displayName = acc.displayName, a.birthDate = acc.birthDate, a.city = acc.city, a.updatedAt = datetime()
MERGE (a)-[l:BELONGS_TO]->(m)
ON CREATE SET l.method = 'DETERMINISTIC', l.confidence = 1.0, l.rules = ['BENCH_BACKGROUND'], l.linkedAt = datetime()
FOREACH (i IN acc.identifiers |
  MERGE (n:Identifier {hash: i.hash})
  ON CREATE SET n.kind = i.kind, n.masked = i.masked
  MERGE (a)-[:HAS_IDENTIFIER]->(n)
)
RETURN count(a) AS accounts
