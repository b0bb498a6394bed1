// Params: $brandIds [String], $from, $to (ISO text). REPURCHASE: members of the brand's membership (a JOIN_BRAND
// before $to) with a purchase in the window that is not their first purchase from the brand ever, each member once;
// per store, the apps of those repeat purchases. Returns: brandId, app (null: whole brand), value.
// Only accounts whose link is consented for ANALYTICS count (the purpose filter is on the expanded link).
// One pass per brand: its events of the kinds the metric needs before $to, each to its member, grouped by member,
// then decided from the member's own list. No per-member lookup of the brand's history: that was planned as a
// seek of all the brand's events per member, quadratic in a brand's members (BENCHMARKS.md §8).
UNWIND $brandIds AS brandId
MATCH (e:Event) WHERE e.brandId = brandId AND e.type IN ['PURCHASE', 'JOIN_BRAND'] AND e.at < datetime($to)
MATCH (m:Member)<-[consent:BELONGS_TO WHERE 'ANALYTICS' IN consent.purposes]-(:Account)-[:DID]->(e)
WITH brandId, m,
     collect(CASE WHEN e.type = 'PURCHASE' THEN {at: e.at, app: e.app} END) AS purchases,
     min(CASE WHEN e.type = 'PURCHASE' THEN e.at END) AS firstEver,
     count(CASE WHEN e.type = 'JOIN_BRAND' THEN 1 END) AS joins
WHERE joins > 0 AND size(purchases) > 1
WITH brandId, [p IN purchases WHERE p.at >= datetime($from) AND p.at > firstEver | p.app] AS repeatApps
WHERE size(repeatApps) > 0
UNWIND [null] + reduce(apps = [], a IN repeatApps | CASE WHEN a IN apps THEN apps ELSE apps + a END) AS app
RETURN brandId, app, count(*) AS value
