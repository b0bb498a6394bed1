// Params: $brandIds [String], $from, $to (ISO text, window [from, to)). RECRUITMENT from the brand summaries kept by
// the event writes (AccountBrand): the accounts whose first join of the brand falls in the window (index
// account_brand_join), to their members (links consented for ANALYTICS), kept when no consented account of the
// member joined earlier; per store, the apps of its accounts that joined before $to (all in the window then).
// The same rows as leaderboard-recruitment (from events; the property test compares them), without reading events.
// A member's other summaries are read from the member (the map comparison keeps the brand's index out, as in
// aipl-funnel). Returns: brandId, app (null: whole brand), value.
UNWIND $brandIds AS brandId
MATCH (s:AccountBrand) WHERE s.brandId = brandId AND s.firstJoinAt >= datetime($from) AND s.firstJoinAt < datetime($to)
MATCH (m:Member)<-[consent:BELONGS_TO WHERE 'ANALYTICS' IN consent.purposes]-(:Account)-[:SUMMARIZED_IN]->(s)
WITH DISTINCT brandId, m
WITH brandId, m, COLLECT { MATCH (m)<-[c:BELONGS_TO WHERE 'ANALYTICS' IN c.purposes]-(:Account)-[:SUMMARIZED_IN]->(t:AccountBrand)
                           WHERE t {.brandId} = {brandId: brandId} AND t.firstJoinAt IS NOT NULL
                           RETURN t {.app, .firstJoinAt} AS t } AS joined
WHERE all(t IN joined WHERE t.firstJoinAt >= datetime($from))
UNWIND [null] + reduce(apps = [], t IN joined | CASE WHEN t.firstJoinAt < datetime($to) AND NOT t.app IN apps THEN apps + t.app ELSE apps END) AS app
RETURN brandId, app, count(*) AS value
