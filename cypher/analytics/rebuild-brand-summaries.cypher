// Params: $after (an account id; '' for the first page), $first (Int). Rebuilds the brand summaries (AccountBrand:
// first join, first and last purchase) of the next $first accounts in id order from their events: the old ones are
// deleted, one per brand the account joined or bought from is written. Returns: accounts (Int), last (the last
// account id of the page, null when there was none), summaries (Int).
MATCH (a:Account) WHERE a.id > $after
WITH a ORDER BY a.id LIMIT $first
CALL (a) {
  MATCH (a)-[:SUMMARIZED_IN]->(old:AccountBrand)
  DETACH DELETE old
}
CALL (a) {
  MATCH (a)-[:DID]->(e:Event)
  WHERE e.brandId IS NOT NULL AND e.type IN ['JOIN_BRAND', 'PURCHASE']
  WITH a, e.brandId AS brandId,
       min(CASE WHEN e.type = 'JOIN_BRAND' THEN e.at END) AS firstJoinAt,
       min(CASE WHEN e.type = 'PURCHASE' THEN e.at END) AS firstPurchaseAt,
       max(CASE WHEN e.type = 'PURCHASE' THEN e.at END) AS lastPurchaseAt
  CREATE (a)-[:SUMMARIZED_IN]->(:AccountBrand {key: a.id + '|' + brandId, brandId: brandId, app: a.app,
          firstJoinAt: firstJoinAt, firstPurchaseAt: firstPurchaseAt, lastPurchaseAt: lastPurchaseAt})
  RETURN count(*) AS written
}
RETURN count(a) AS accounts, max(a.id) AS last, sum(written) AS summaries
