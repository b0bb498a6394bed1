// Params: $industry, $first (Int). Returns: brand {id, name, industry, participatesIn, luxury, stores [{id, app, name}]} by name.
MATCH (b:Brand {industry: $industry})
WITH b ORDER BY b.name LIMIT $first
RETURN b {.id, .name, .industry, .participatesIn, luxury: coalesce(b.luxury, false), stores: COLLECT { MATCH (s:Store)-[:OF_BRAND]->(b) RETURN s {.id, .app, .name} AS s ORDER BY s.app }} AS brand
