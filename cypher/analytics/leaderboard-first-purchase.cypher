// Params: $brandIds [String], $from, $to (ISO text). FIRST_PURCHASE: members of the brand's membership (a JOIN_BRAND
// before $to) whose first purchase from the brand ever falls in the window, each member once; per store, the app of
// that first purchase. Returns: brandId, app (null: whole brand), value.
// Only accounts whose link is consented for ANALYTICS count (the purpose filter is on the expanded link).
UNWIND $brandIds AS brandId
MATCH (e:Event) WHERE e.brandId = brandId AND e.type = 'PURCHASE' AND e.at >= datetime($from) AND e.at < datetime($to)
MATCH (m:Member)<-[consent1:BELONGS_TO WHERE 'ANALYTICS' IN consent1.purposes]-(:Account)-[:DID]->(e)
WITH brandId, m, min(e.at) AS firstAt, collect(e) AS purchases
WHERE EXISTS {
        MATCH (m)<-[consent2:BELONGS_TO WHERE 'ANALYTICS' IN consent2.purposes]-(:Account)-[:DID]->(j:Event)
        WHERE j.brandId = brandId AND j.type = 'JOIN_BRAND' AND j.at < datetime($to) }
  AND NOT EXISTS {
        MATCH (m)<-[consent3:BELONGS_TO WHERE 'ANALYTICS' IN consent3.purposes]-(:Account)-[:DID]->(p:Event)
        WHERE p.brandId = brandId AND p.type = 'PURCHASE' AND p.at < datetime($from) }
UNWIND [null] + reduce(apps = [], p IN purchases | CASE WHEN p.at = firstAt AND NOT p.app IN apps THEN apps + p.app ELSE apps END) AS app
RETURN brandId, app, count(*) AS value
