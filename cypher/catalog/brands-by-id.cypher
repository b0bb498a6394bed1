// Params: $ids [String]. Returns one row per id: id, brand {id, name, industry, participatesIn} or null.
UNWIND $ids AS id
OPTIONAL MATCH (b:Brand {id: id})
RETURN id, CASE WHEN b IS NULL THEN null ELSE b {.id, .name, .industry, .participatesIn} END AS brand
