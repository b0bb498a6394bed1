// Params: $signals [{fromApp, fromCategory, toApp, toCategory, weight, windowDays, halfLifeDays}].
// Seeds cross-app signals that do not exist yet: a signal changed or removed through the API stays as it is. Returns: nothing.
UNWIND $signals AS s
MERGE (from:Category {key: s.fromApp + ':' + s.fromCategory})
ON CREATE SET from.app = s.fromApp, from.name = s.fromCategory
MERGE (to:Category {key: s.toApp + ':' + s.toCategory})
ON CREATE SET to.app = s.toApp, to.name = s.toCategory
MERGE (from)-[r:SUGGESTS]->(to)
ON CREATE SET r.weight = s.weight, r.windowDays = s.windowDays, r.halfLifeDays = s.halfLifeDays, r.updatedAt = datetime()
