// Params: $graph. Drops a GDS in-memory graph when it exists. Returns: dropped (0 or 1).
CALL gds.graph.drop($graph, false) YIELD graphName
RETURN count(graphName) AS dropped
