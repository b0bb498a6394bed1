// Params: $brandIds [String], $from, $to (ISO text, window [from, to)). RECRUITMENT: members who joined the brand's
// membership (JOIN_BRAND on any of its stores) for the first time in the window, each member once across its linked
// accounts; per store, the apps where they joined in the window. Returns: brandId, app (null: whole brand), value.
// Only accounts whose link is consented for ANALYTICS count (the purpose filter is on the expanded link).
// One pass per brand: its events of the kinds the metric needs before $to, each to its member, grouped by member,
// then decided from the member's own list. No per-member lookup of the brand's history: that was planned as a
// seek of all the brand's events per member, quadratic in a brand's members (BENCHMARKS.md §8).
UNWIND $brandIds AS brandId
MATCH (e:Event) WHERE e.brandId = brandId AND e.type = 'JOIN_BRAND' AND e.at < datetime($to)
MATCH (m:Member)<-[consent:BELONGS_TO WHERE 'ANALYTICS' IN consent.purposes]-(:Account)-[:DID]->(e)
WITH brandId, m, min(e.at) AS firstJoin, collect(DISTINCT CASE WHEN e.at >= datetime($from) THEN e.app END) AS apps
WHERE firstJoin >= datetime($from)
UNWIND [null] + apps AS app
RETURN brandId, app, count(*) AS value
