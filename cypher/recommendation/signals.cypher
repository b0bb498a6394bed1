// Params: $app (a target app code, or null for every signal).
// Returns: signal {fromApp, fromCategory, toApp, toCategory, weight, windowDays, halfLifeDays, updatedAt}, ordered.
MATCH (from:Category)-[r:SUGGESTS]->(to:Category)
WHERE $app IS NULL OR to.app = $app
RETURN {fromApp: from.app, fromCategory: from.name, toApp: to.app, toCategory: to.name, weight: r.weight,
        windowDays: r.windowDays, halfLifeDays: r.halfLifeDays, updatedAt: r.updatedAt} AS signal
ORDER BY signal.fromApp, signal.fromCategory, signal.toApp, signal.toCategory
