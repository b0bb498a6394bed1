// Params: $prefix (String, '' for all), $first (Int). Returns: name, derived (Boolean), members, by name.
MATCH (t:Tag) WHERE t.name STARTS WITH $prefix
WITH t ORDER BY t.name LIMIT $first
RETURN t.name AS name, coalesce(t.derived, false) AS derived, COUNT { (t)<-[:HAS_TAG]-() } AS members
