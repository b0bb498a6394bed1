// Params: $events [{index, app, externalId, key, type, at (ISO text), brandId, category, amount, detail, rating, itemId,
// toExternalId}]. Stores each event against the account where it happened, once per key (the key hashes everything
// the event says, so a retried batch stores nothing twice), about its brand and item when known, and (SHARE,
// REFERRAL) to the account on the same app it was passed on to. A join or purchase about a brand also keeps the
// account's summary of that brand (AccountBrand: first join, first and last purchase) in the same transaction; the
// min/max are the same whatever order events arrive in, and a retried event changes nothing.
// Returns: stored [Int] (the indexes of the events whose accounts exist; the caller rolls back when one is missing).
UNWIND $events AS ev
MATCH (a:Account {app: ev.app, externalId: ev.externalId})
OPTIONAL MATCH (to:Account {app: ev.app, externalId: ev.toExternalId})
WITH a, to, ev
WHERE ev.toExternalId IS NULL OR to IS NOT NULL
MERGE (e:Event {key: ev.key})
ON CREATE SET e.type = ev.type, e.at = datetime(ev.at), e.brandId = ev.brandId, e.category = ev.category,
              e.amount = ev.amount, e.detail = ev.detail, e.rating = ev.rating, e.app = ev.app, e.itemId = ev.itemId,
              e.recordedAt = datetime()
MERGE (a)-[:DID]->(e)
FOREACH (_ IN CASE WHEN to IS NULL THEN [] ELSE [1] END | MERGE (e)-[:TO]->(to))
FOREACH (_ IN CASE WHEN e.brandId IS NOT NULL AND e.type IN ['JOIN_BRAND', 'PURCHASE'] THEN [1] ELSE [] END |
  MERGE (s:AccountBrand {key: a.id + '|' + e.brandId})
  ON CREATE SET s.brandId = e.brandId, s.app = a.app
  MERGE (a)-[:SUMMARIZED_IN]->(s)
  SET s.firstJoinAt = CASE WHEN e.type = 'JOIN_BRAND' AND coalesce(s.firstJoinAt > e.at, true) THEN e.at ELSE s.firstJoinAt END,
      s.firstPurchaseAt = CASE WHEN e.type = 'PURCHASE' AND coalesce(s.firstPurchaseAt > e.at, true) THEN e.at ELSE s.firstPurchaseAt END,
      s.lastPurchaseAt = CASE WHEN e.type = 'PURCHASE' AND coalesce(s.lastPurchaseAt < e.at, true) THEN e.at ELSE s.lastPurchaseAt END)
WITH e, ev
OPTIONAL MATCH (brand:Brand {id: ev.brandId})
FOREACH (_ IN CASE WHEN brand IS NULL THEN [] ELSE [1] END | MERGE (e)-[:ABOUT]->(brand))
WITH e, ev
OPTIONAL MATCH (item:Item {id: ev.itemId})
FOREACH (_ IN CASE WHEN item IS NULL THEN [] ELSE [1] END | MERGE (e)-[:OF_ITEM]->(item))
RETURN collect(ev.index) AS stored
