// Params: $memberIds, $app (the app to recommend on), $now (ISO date-time), $sameAppOnly (only the app's own history),
// $strongTypes (event types that mean the member has the item), $historyLimit, $perCategoryLimit, $popularLimit.
// Everything ranking needs, read through each member's accounts as linked now and consented for RECOMMENDATIONS (an
// unlinked account, or one whose consent does not cover recommendations, is not among them).
// Returns one row per known member: memberId; history [{type, app, category, label, detail, at, itemId, itemTitle, region}]
// newest first; owned [item id]; collaborative [{item, viaId, viaTitle, viaApp, similarity}]; signals [{fromApp,
// fromCategory, toCategory, weight, windowDays, halfLifeDays, items [item]}] targeting $app; popular [item]; programs [code].
// An item is {id, title, app, category, brandId, price, popularity, regions, discountPrograms}. An event's region is its
// item's, or that of the destination its detail names.
CALL () {
  OPTIONAL MATCH (from:Category)-[r:SUGGESTS]->(to:Category {app: $app})
  CALL (to) {
    OPTIONAL MATCH (i:Item)-[:IN_CATEGORY]->(to)
    WITH i ORDER BY i.popularity DESC, i.id LIMIT $perCategoryLimit
    WITH i, head(COLLECT { MATCH (i)-[:OF_BRAND]->(b:Brand) RETURN b.participatesIn }) AS programs
    RETURN collect(i {.id, .title, .app, .category, .brandId, .price, .popularity, regions: coalesce(i.regions, []), discountPrograms: coalesce(programs, [])}) AS items
  }
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {fromApp: from.app, fromCategory: from.name, toCategory: to.name, weight: r.weight,
         windowDays: r.windowDays, halfLifeDays: r.halfLifeDays, items: items} END) AS signals
}
CALL () {
  OPTIONAL MATCH (i:Item {app: $app})
  WITH i ORDER BY i.popularity DESC, i.id LIMIT $popularLimit
  WITH i, head(COLLECT { MATCH (i)-[:OF_BRAND]->(b:Brand) RETURN b.participatesIn }) AS programs
  RETURN collect(i {.id, .title, .app, .category, .brandId, .price, .popularity, regions: coalesce(i.regions, []), discountPrograms: coalesce(programs, [])}) AS popular
}
UNWIND $memberIds AS memberId
MATCH (m:Member {id: memberId})
CALL (m) {
  OPTIONAL MATCH (m)<-[l:BELONGS_TO]-(:Account)-[:DID]->(e:Event)
  WHERE 'RECOMMENDATIONS' IN l.purposes AND e.at <= datetime($now) AND (NOT $sameAppOnly OR e.app = $app)
  WITH e ORDER BY e.at DESC LIMIT $historyLimit
  OPTIONAL MATCH (e)-[:OF_ITEM]->(i:Item)
  WITH e, i, COLLECT { MATCH (c:Category {key: e.app + ':' + e.category}) RETURN c.label }[0] AS label,
       COLLECT { MATCH (d:Destination {name: e.detail}) RETURN d.region }[0] AS destination
  RETURN collect(e {.type, .app, .category, .detail, .at, label: label, itemId: i.id, itemTitle: i.title,
                    region: coalesce(i.regions[0], destination)}) AS history
}
CALL (m) {
  OPTIONAL MATCH (m)<-[l:BELONGS_TO]-(:Account)-[:DID]->(e:Event)-[:OF_ITEM]->(j:Item)
  WHERE 'RECOMMENDATIONS' IN l.purposes AND e.type IN $strongTypes AND e.at <= datetime($now) AND (NOT $sameAppOnly OR e.app = $app)
  WITH DISTINCT j
  OPTIONAL MATCH (j)-[s:SIMILAR]->(c:Item {app: $app})
  WITH j, s, c, head(COLLECT { MATCH (c)-[:OF_BRAND]->(b:Brand) RETURN b.participatesIn }) AS programs
  RETURN collect(DISTINCT j.id) AS owned,
         collect(CASE WHEN c IS NULL THEN null ELSE {
           item: c {.id, .title, .app, .category, .brandId, .price, .popularity, regions: coalesce(c.regions, []), discountPrograms: coalesce(programs, [])},
           viaId: j.id, viaTitle: j.title, viaApp: j.app, similarity: s.score} END) AS collaborative
}
CALL (m) {
  OPTIONAL MATCH (m)-[:HOLDS]->(ms:Membership)
  WHERE ms.since <= datetime($now) AND (ms.until IS NULL OR ms.until > datetime($now))
  RETURN collect(DISTINCT ms.program) AS programs
}
RETURN memberId, history, owned, collaborative, signals, popular, programs
