// Params: $ids [String] member ids. Returns one row per id: id, tags [String] (sorted; empty for an unknown member).
UNWIND $ids AS id
RETURN id, COLLECT { MATCH (:Member {id: id})-[:HAS_TAG]->(t:Tag) RETURN t.name AS name ORDER BY name } AS tags
