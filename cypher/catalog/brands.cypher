// Params: $first (Int). Returns: brand {id, name, industry, participatesIn} by name.
MATCH (b:Brand)
WITH b ORDER BY b.name LIMIT $first
RETURN b {.id, .name, .industry, .participatesIn} AS brand
