// Params: $app, $externalId, $event {key, type, at (ISO text), brandId, category, amount, detail, rating}.
// Stores the event against the account where it happened, once per key. Returns: accountId, or no row.
MATCH (a:Account {app: $app, externalId: $externalId})
MERGE (e:Event {key: $event.key})
ON CREATE SET e.type = $event.type, e.at = datetime($event.at), e.brandId = $event.brandId,
              e.category = $event.category, e.amount = $event.amount, e.detail = $event.detail, e.rating = $event.rating, e.app = $app,
              e.recordedAt = datetime()
MERGE (a)-[:DID]->(e)
WITH a, e
OPTIONAL MATCH (brand:Brand {id: $event.brandId})
FOREACH (_ IN CASE WHEN brand IS NULL THEN [] ELSE [1] END | MERGE (e)-[:ABOUT]->(brand))
RETURN a.id AS accountId
