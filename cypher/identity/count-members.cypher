// Returns: members (Int). Used to decide whether to load the demo graph.
MATCH (m:Member) RETURN count(m) AS members
