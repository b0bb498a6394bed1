// Params: $brandIds [String], $from, $to (ISO text, window [from, to)). RECRUITMENT: members who joined the brand's
// membership (JOIN_BRAND on any of its stores) for the first time in the window, each member once across its linked
// accounts; per store, the apps where they joined in the window. Returns: brandId, app (null: whole brand), value.
// Only accounts whose link is consented for ANALYTICS count (the purpose filter is on the expanded link).
UNWIND $brandIds AS brandId
MATCH (e:Event) WHERE e.brandId = brandId AND e.type = 'JOIN_BRAND' AND e.at >= datetime($from) AND e.at < datetime($to)
MATCH (m:Member)<-[consent1:BELONGS_TO WHERE 'ANALYTICS' IN consent1.purposes]-(:Account)-[:DID]->(e)
WITH brandId, m, collect(DISTINCT e.app) AS apps
WHERE NOT EXISTS {
  MATCH (m)<-[consent2:BELONGS_TO WHERE 'ANALYTICS' IN consent2.purposes]-(:Account)-[:DID]->(p:Event)
  WHERE p.brandId = brandId AND p.type = 'JOIN_BRAND' AND p.at < datetime($from)
}
UNWIND [null] + apps AS app
RETURN brandId, app, count(*) AS value
