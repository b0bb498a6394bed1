// Params: $app, $externalId, $event {key, type, at (ISO text), brandId, category, amount, detail, rating, itemId,
// toExternalId}. Stores the event against the account where it happened, once per key, about its brand and item when
// known, and (SHARE, REFERRAL) to the account on the same app it was passed on to.
// Returns: accountId, or no row (either account missing).
MATCH (a:Account {app: $app, externalId: $externalId})
OPTIONAL MATCH (to:Account {app: $app, externalId: $event.toExternalId})
WITH a, to
WHERE $event.toExternalId IS NULL OR to IS NOT NULL
MERGE (e:Event {key: $event.key})
ON CREATE SET e.type = $event.type, e.at = datetime($event.at), e.brandId = $event.brandId,
              e.category = $event.category, e.amount = $event.amount, e.detail = $event.detail, e.rating = $event.rating, e.app = $app,
              e.itemId = $event.itemId, e.recordedAt = datetime()
MERGE (a)-[:DID]->(e)
FOREACH (_ IN CASE WHEN to IS NULL THEN [] ELSE [1] END | MERGE (e)-[:TO]->(to))
WITH a, e
OPTIONAL MATCH (brand:Brand {id: $event.brandId})
FOREACH (_ IN CASE WHEN brand IS NULL THEN [] ELSE [1] END | MERGE (e)-[:ABOUT]->(brand))
WITH a, e
OPTIONAL MATCH (item:Item {id: $event.itemId})
FOREACH (_ IN CASE WHEN item IS NULL THEN [] ELSE [1] END | MERGE (e)-[:OF_ITEM]->(item))
RETURN a.id AS accountId
