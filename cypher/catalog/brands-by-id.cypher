// Params: $ids [String]. Returns one row per id: id, brand {id, name, industry, participatesIn, luxury, stores [{id, app, name}]} or null.
UNWIND $ids AS id
OPTIONAL MATCH (b:Brand {id: id})
RETURN id, CASE WHEN b IS NULL THEN null ELSE b {.id, .name, .industry, .participatesIn, luxury: coalesce(b.luxury, false), stores: COLLECT { MATCH (s:Store)-[:OF_BRAND]->(b) RETURN s {.id, .app, .name} AS s ORDER BY s.app }} END AS brand
