// Params: $brandId, $from, $to (ISO text, window [from, to)), $awareness, $interest [String] (event types),
// $goodRating (Int). The AIPL levels (1 AWARENESS .. 4 LOYALTY, aipl.rules.ts) of a brand's window, counted three ways:
// MEMBER (each member once across all its linked accounts), ACCOUNT (each account on its own, by app: what per-app
// counting sees) and STORE (each member once within one app). Returns: scope, app (null for MEMBER), level, n.
// Only accounts whose link is consented for ANALYTICS count (the purpose filter is on the expanded link).
// A member's earlier purchases are read from the member (its accounts' events), never from the brand's index: the
// planner otherwise seeks every earlier purchase of the brand once per member, quadratic in a brand's history
// (the map comparison below is what keeps the index out; BENCHMARKS.md §8).
MATCH (e:Event) WHERE e.brandId = $brandId AND e.at >= datetime($from) AND e.at < datetime($to)
MATCH (a:Account)-[:DID]->(e)
WITH a,
     max(CASE WHEN e.type = 'JOIN_BRAND' OR (e.type = 'REVIEW' AND e.rating >= $goodRating) THEN 4
              WHEN e.type = 'PURCHASE' THEN 3
              WHEN e.type IN $interest THEN 2
              WHEN e.type IN $awareness THEN 1
              ELSE 0 END) AS raw,
     count(CASE WHEN e.type = 'PURCHASE' THEN 1 END) AS purchases
WHERE raw > 0
MATCH (a)-[consent1:BELONGS_TO WHERE 'ANALYTICS' IN consent1.purposes]->(m:Member)
WITH m, collect({id: a.id, app: a.app, raw: raw, purchases: purchases}) AS accounts
WITH m, accounts,
     CASE WHEN any(x IN accounts WHERE x.raw = 3)
          THEN COLLECT { MATCH (m)<-[consent2:BELONGS_TO WHERE 'ANALYTICS' IN consent2.purposes]-(b:Account)-[:DID]->(p:Event)
                         WHERE p {.brandId, .type} = {brandId: $brandId, type: 'PURCHASE'} AND p.at < datetime($from)
                         RETURN DISTINCT b {.id, .app} AS b }
          ELSE [] END AS earlier
WITH accounts, earlier,
     reduce(best = 0, x IN accounts | CASE WHEN x.raw > best THEN x.raw ELSE best END) AS best,
     reduce(n = 0, x IN accounts | n + x.purchases) AS purchases
CALL (accounts, earlier, best, purchases) {
  RETURN 'MEMBER' AS scope, null AS app, CASE WHEN best = 3 AND (purchases >= 2 OR size(earlier) > 0) THEN 4 ELSE best END AS level
  UNION ALL
  UNWIND accounts AS x
  RETURN 'ACCOUNT' AS scope, x.app AS app,
         CASE WHEN x.raw = 3 AND (x.purchases >= 2 OR any(y IN earlier WHERE y.id = x.id)) THEN 4 ELSE x.raw END AS level
  UNION ALL
  UNWIND accounts AS x
  WITH x.app AS app, max(x.raw) AS storeBest, sum(x.purchases) AS storePurchases, earlier
  RETURN 'STORE' AS scope, app,
         CASE WHEN storeBest = 3 AND (storePurchases >= 2 OR any(y IN earlier WHERE y.app = app)) THEN 4 ELSE storeBest END AS level
}
RETURN scope, app, level, count(*) AS n
