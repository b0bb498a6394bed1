// Params: $brandIds [String], $from, $to (ISO text), $kinds [String] (SHARE, REVIEW, REFERRAL). PROPAGATION: members
// of the brand's membership (a JOIN_BRAND before $to) who shared, reviewed or referred the brand in the window, each
// member once; per store, the apps where they did. Returns: brandId, app (null: whole brand), value.
// Only accounts whose link is consented for ANALYTICS count (the purpose filter is on the expanded link).
// One pass per brand: its events of the kinds the metric needs before $to, each to its member, grouped by member,
// then decided from the member's own list. No per-member lookup of the brand's history: that was planned as a
// seek of all the brand's events per member, quadratic in a brand's members (BENCHMARKS.md §8).
UNWIND $brandIds AS brandId
CALL (brandId) {
  MATCH (e:Event) WHERE e.brandId = brandId AND e.type IN $kinds AND e.at >= datetime($from) AND e.at < datetime($to)
  RETURN e
  UNION ALL
  MATCH (e:Event) WHERE e.brandId = brandId AND e.type = 'JOIN_BRAND' AND e.at < datetime($to)
  RETURN e
}
MATCH (m:Member)<-[consent:BELONGS_TO WHERE 'ANALYTICS' IN consent.purposes]-(:Account)-[:DID]->(e)
WITH brandId, m, collect(DISTINCT CASE WHEN e.type <> 'JOIN_BRAND' THEN e.app END) AS apps, count(CASE WHEN e.type = 'JOIN_BRAND' THEN 1 END) AS joins
WHERE joins > 0 AND size(apps) > 0
UNWIND [null] + apps AS app
RETURN brandId, app, count(*) AS value
