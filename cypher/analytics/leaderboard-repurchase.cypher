// Params: $brandIds [String], $from, $to (ISO text). REPURCHASE: members of the brand's membership (a JOIN_BRAND
// before $to) with a purchase in the window that is not their first purchase from the brand ever, each member once;
// per store, the apps of those repeat purchases. Returns: brandId, app (null: whole brand), value.
// Only accounts whose link is consented for ANALYTICS count (the purpose filter is on the expanded link).
UNWIND $brandIds AS brandId
MATCH (e:Event) WHERE e.brandId = brandId AND e.type = 'PURCHASE' AND e.at >= datetime($from) AND e.at < datetime($to)
MATCH (m:Member)<-[consent1:BELONGS_TO WHERE 'ANALYTICS' IN consent1.purposes]-(:Account)-[:DID]->(e)
WITH brandId, m, min(e.at) AS firstInWindow, collect(e) AS purchases
WITH brandId, m, purchases, firstInWindow,
     EXISTS { MATCH (m)<-[consent2:BELONGS_TO WHERE 'ANALYTICS' IN consent2.purposes]-(:Account)-[:DID]->(p:Event)
              WHERE p.brandId = brandId AND p.type = 'PURCHASE' AND p.at < datetime($from) } AS boughtBefore
WITH brandId, m, [p IN purchases WHERE boughtBefore OR p.at > firstInWindow] AS repeats
WHERE size(repeats) > 0
  AND EXISTS { MATCH (m)<-[consent3:BELONGS_TO WHERE 'ANALYTICS' IN consent3.purposes]-(:Account)-[:DID]->(j:Event)
               WHERE j.brandId = brandId AND j.type = 'JOIN_BRAND' AND j.at < datetime($to) }
UNWIND [null] + reduce(apps = [], p IN repeats | CASE WHEN p.app IN apps THEN apps ELSE apps + p.app END) AS app
RETURN brandId, app, count(*) AS value
