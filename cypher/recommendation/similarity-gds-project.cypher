// Params: $graph (an in-memory graph name), $types (event types that mean a member has the item).
// Projects (:Item)-[:HAS]->(:Member) for GDS node similarity, through accounts as linked now.
// Returns: nodes, relationships (no row when nobody has any item).
MATCH (m:Member)<-[l:BELONGS_TO]-(:Account)-[:DID]->(e:Event)-[:OF_ITEM]->(i:Item)
WHERE e.type IN $types AND 'RECOMMENDATIONS' IN l.purposes
WITH DISTINCT i, m
WITH gds.graph.project($graph, i, m, {sourceNodeLabels: 'Item', targetNodeLabels: 'Member', relationshipType: 'HAS'}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
