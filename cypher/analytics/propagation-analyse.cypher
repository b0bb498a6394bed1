// Params: $graph (projected by propagation-project). Louvain communities (weighted by how often members passed the
// brand on, one thread so the answer is the same on every run), PageRank influence and the members each one reached.
// Returns: memberId, community (Louvain's number), score (PageRank), reached (distinct members passed on to).
CALL gds.louvain.mutate($graph, {mutateProperty: 'community', relationshipWeightProperty: 'times', concurrency: 1})
YIELD communityCount
CALL gds.degree.mutate($graph, {mutateProperty: 'reached', orientation: 'REVERSE'})
YIELD nodePropertiesWritten
CALL gds.pageRank.stream($graph, {relationshipWeightProperty: 'times', concurrency: 1})
YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS memberId,
       gds.util.nodeProperty($graph, nodeId, 'community') AS community,
       score,
       toInteger(gds.util.nodeProperty($graph, nodeId, 'reached')) AS reached
