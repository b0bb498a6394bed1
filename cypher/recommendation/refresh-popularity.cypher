// Params: $since (ISO date-time), $types. Sets each item's popularity: its events of those types since then.
// Returns: items.
MATCH (i:Item)
CALL (i) {
  OPTIONAL MATCH (i)<-[:OF_ITEM]-(e:Event)
  WHERE e.type IN $types AND e.at >= datetime($since)
  RETURN count(e) AS n
}
SET i.popularity = n
RETURN count(i) AS items
