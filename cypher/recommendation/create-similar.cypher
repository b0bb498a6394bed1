// Params: $pairs [{a, b, score}] (item ids). Stores (a)-[:SIMILAR {score}]->(b). Returns: created.
UNWIND $pairs AS p
MATCH (a:Item {id: p.a})
MATCH (b:Item {id: p.b})
CREATE (a)-[:SIMILAR {score: p.score}]->(b)
RETURN count(*) AS created
