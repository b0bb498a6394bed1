// Params: $brandIds [String], $from, $to (ISO text). FIRST_PURCHASE from the brand summaries kept by the event writes
// (AccountBrand): the accounts whose first purchase from the brand falls in the window (index
// account_brand_purchase), to their members (links consented for ANALYTICS), kept when the member's first purchase
// over its consented accounts is in the window and one of them joined before $to; per store, the apps of the accounts
// whose first purchase is the member's. The same rows as leaderboard-first-purchase (from events; the property test
// compares them). Returns: brandId, app (null: whole brand), value.
UNWIND $brandIds AS brandId
MATCH (s:AccountBrand) WHERE s.brandId = brandId AND s.firstPurchaseAt >= datetime($from) AND s.firstPurchaseAt < datetime($to)
MATCH (m:Member)<-[consent:BELONGS_TO WHERE 'ANALYTICS' IN consent.purposes]-(:Account)-[:SUMMARIZED_IN]->(s)
WITH DISTINCT brandId, m
WITH brandId, m, COLLECT { MATCH (m)<-[c:BELONGS_TO WHERE 'ANALYTICS' IN c.purposes]-(:Account)-[:SUMMARIZED_IN]->(t:AccountBrand)
                           WHERE t {.brandId} = {brandId: brandId}
                           RETURN t {.app, .firstJoinAt, .firstPurchaseAt} AS t } AS summaries
WITH brandId, summaries,
     reduce(first = null, t IN summaries | CASE WHEN t.firstPurchaseAt IS NOT NULL AND coalesce(first > t.firstPurchaseAt, true) THEN t.firstPurchaseAt ELSE first END) AS firstAt
WHERE firstAt >= datetime($from) AND any(t IN summaries WHERE t.firstJoinAt < datetime($to))
UNWIND [null] + reduce(apps = [], t IN summaries | CASE WHEN t.firstPurchaseAt = firstAt AND NOT t.app IN apps THEN apps + t.app ELSE apps END) AS app
RETURN brandId, app, count(*) AS value
