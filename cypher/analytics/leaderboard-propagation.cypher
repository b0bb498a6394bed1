// Params: $brandIds [String], $from, $to (ISO text), $kinds [String] (SHARE, REVIEW, REFERRAL). PROPAGATION: members
// of the brand's membership (a JOIN_BRAND before $to) who shared, reviewed or referred the brand in the window, each
// member once; per store, the apps where they did. Returns: brandId, app (null: whole brand), value.
// Only accounts whose link is consented for ANALYTICS count (the purpose filter is on the expanded link).
UNWIND $brandIds AS brandId
MATCH (e:Event) WHERE e.brandId = brandId AND e.type IN $kinds AND e.at >= datetime($from) AND e.at < datetime($to)
MATCH (m:Member)<-[consent1:BELONGS_TO WHERE 'ANALYTICS' IN consent1.purposes]-(:Account)-[:DID]->(e)
WITH brandId, m, collect(DISTINCT e.app) AS apps
WHERE EXISTS { MATCH (m)<-[consent2:BELONGS_TO WHERE 'ANALYTICS' IN consent2.purposes]-(:Account)-[:DID]->(j:Event)
               WHERE j.brandId = brandId AND j.type = 'JOIN_BRAND' AND j.at < datetime($to) }
UNWIND [null] + apps AS app
RETURN brandId, app, count(*) AS value
