// Params: $brandId, $from, $to, $nextFrom, $nextTo (ISO text, windows [from, to) and [nextFrom, nextTo)),
// $awareness, $interest [String], $goodRating (Int). How members moved between the AIPL levels of two windows, each
// member counted once across its linked accounts (the MEMBER scope of aipl-funnel). Returns: before, after (levels
// 1..4, null when the member had no stage in that window), members.
// Only accounts whose link is consented for ANALYTICS count (the purpose filter is on the expanded link).
// A member's earlier purchases are read from the member (its accounts' events), never from the brand's index: the
// planner otherwise seeks every earlier purchase of the brand once per member, quadratic in a brand's history
// (the map comparison below is what keeps the index out; BENCHMARKS.md §8).
CALL () {
  MATCH (e:Event) WHERE e.brandId = $brandId AND e.at >= datetime($from) AND e.at < datetime($to)
  MATCH (m:Member)<-[consent1:BELONGS_TO WHERE 'ANALYTICS' IN consent1.purposes]-(:Account)-[:DID]->(e)
  WITH m,
       max(CASE WHEN e.type = 'JOIN_BRAND' OR (e.type = 'REVIEW' AND e.rating >= $goodRating) THEN 4
                WHEN e.type = 'PURCHASE' THEN 3 WHEN e.type IN $interest THEN 2 WHEN e.type IN $awareness THEN 1
                ELSE 0 END) AS best,
       count(CASE WHEN e.type = 'PURCHASE' THEN 1 END) AS purchases
  WHERE best > 0
  RETURN m, 'BEFORE' AS window,
         CASE WHEN best = 3 AND (purchases >= 2 OR EXISTS {
                MATCH (m)<-[consent2:BELONGS_TO WHERE 'ANALYTICS' IN consent2.purposes]-(:Account)-[:DID]->(p:Event)
                WHERE p {.brandId, .type} = {brandId: $brandId, type: 'PURCHASE'} AND p.at < datetime($from) })
              THEN 4 ELSE best END AS level
  UNION ALL
  MATCH (e:Event) WHERE e.brandId = $brandId AND e.at >= datetime($nextFrom) AND e.at < datetime($nextTo)
  MATCH (m:Member)<-[consent3:BELONGS_TO WHERE 'ANALYTICS' IN consent3.purposes]-(:Account)-[:DID]->(e)
  WITH m,
       max(CASE WHEN e.type = 'JOIN_BRAND' OR (e.type = 'REVIEW' AND e.rating >= $goodRating) THEN 4
                WHEN e.type = 'PURCHASE' THEN 3 WHEN e.type IN $interest THEN 2 WHEN e.type IN $awareness THEN 1
                ELSE 0 END) AS best,
       count(CASE WHEN e.type = 'PURCHASE' THEN 1 END) AS purchases
  WHERE best > 0
  RETURN m, 'AFTER' AS window,
         CASE WHEN best = 3 AND (purchases >= 2 OR EXISTS {
                MATCH (m)<-[consent4:BELONGS_TO WHERE 'ANALYTICS' IN consent4.purposes]-(:Account)-[:DID]->(p:Event)
                WHERE p {.brandId, .type} = {brandId: $brandId, type: 'PURCHASE'} AND p.at < datetime($nextFrom) })
              THEN 4 ELSE best END AS level
}
WITH m, max(CASE WHEN window = 'BEFORE' THEN level END) AS before, max(CASE WHEN window = 'AFTER' THEN level END) AS after
RETURN before, after, count(*) AS members
