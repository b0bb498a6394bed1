// Params: $graph (an in-memory graph name), $brandId, $from, $to (ISO text), $kinds [String] (SHARE, REFERRAL).
// Projects the brand's propagation graph for GDS: one relationship receiver -> sharer per pair of members (through
// their accounts as linked now) where the sharer passed the brand on to the receiver in the window, weighted by how
// often; pointing at the sharer so that PageRank flows to the members whose shares travel. Only accounts whose link
// is consented for ANALYTICS count, on both ends.
// Returns: nodes, relationships (no row when nobody passed the brand on).
MATCH (e:Event)
WHERE e.brandId = $brandId AND e.type IN $kinds AND e.at >= datetime($from) AND e.at < datetime($to)
MATCH (e)-[:TO]->(:Account)-[toLink:BELONGS_TO WHERE 'ANALYTICS' IN toLink.purposes]->(receiver:Member)
MATCH (sharer:Member)<-[byLink:BELONGS_TO WHERE 'ANALYTICS' IN byLink.purposes]-(:Account)-[:DID]->(e)
WHERE sharer <> receiver
WITH receiver, sharer, count(e) AS times
WITH gds.graph.project($graph, receiver, sharer, {relationshipProperties: {times: toFloat(times)}}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
