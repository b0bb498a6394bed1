// Params: $graph, $topK, $cutoff. Jaccard similarity of items by the members who have them (GDS node similarity).
// Returns: a, b (item ids), score; up to topK rows per item a.
CALL gds.nodeSimilarity.stream($graph, {topK: $topK, similarityCutoff: $cutoff})
YIELD node1, node2, similarity
RETURN gds.util.asNode(node1).id AS a, gds.util.asNode(node2).id AS b, similarity AS score
