// Params: $signal {fromApp, fromCategory, toApp, toCategory, weight, windowDays, halfLifeDays}.
// Creates or replaces one cross-app signal. Returns: signal {fromApp, fromCategory, toApp, toCategory, weight, windowDays, halfLifeDays, updatedAt}.
MERGE (from:Category {key: $signal.fromApp + ':' + $signal.fromCategory})
ON CREATE SET from.app = $signal.fromApp, from.name = $signal.fromCategory
MERGE (to:Category {key: $signal.toApp + ':' + $signal.toCategory})
ON CREATE SET to.app = $signal.toApp, to.name = $signal.toCategory
MERGE (from)-[r:SUGGESTS]->(to)
SET r.weight = $signal.weight, r.windowDays = $signal.windowDays, r.halfLifeDays = $signal.halfLifeDays, r.updatedAt = datetime()
RETURN {fromApp: from.app, fromCategory: from.name, toApp: to.app, toCategory: to.name, weight: r.weight,
        windowDays: r.windowDays, halfLifeDays: r.halfLifeDays, updatedAt: r.updatedAt} AS signal
