// Params: $names [String]. Returns one row per name: name, size (members carrying the tag, read from the node's
// degree without expanding it; -1 when no member ever had the tag).
UNWIND $names AS name
OPTIONAL MATCH (t:Tag {name: name})
RETURN name, CASE WHEN t IS NULL THEN -1 ELSE COUNT { (t)<-[:HAS_TAG]-() } END AS size
