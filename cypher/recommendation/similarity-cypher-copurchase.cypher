// Params: $types (event types that mean a member has the item). The fallback without GDS: for every pair of items,
// how many members have both; a = b gives an item's own member count. Returns: a, b (item ids), both.
MATCH (m:Member)<-[l:BELONGS_TO]-(:Account)-[:DID]->(e:Event)-[:OF_ITEM]->(i:Item)
WHERE e.type IN $types AND 'RECOMMENDATIONS' IN l.purposes
WITH m, collect(DISTINCT i.id) AS items
UNWIND items AS a
UNWIND items AS b
RETURN a, b, count(*) AS both
