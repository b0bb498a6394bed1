// Params: $driver, $other (tag names). Floor of segment(expr: {and: [{tag: driver}, {tag: other}]}) { count } for
// bench: the members of the smaller tag that also carry the other. Returns: n (Int).
MATCH (:Tag {name: $driver})<-[:HAS_TAG]-(m:Member)
WHERE EXISTS { (m)-[:HAS_TAG]->(:Tag {name: $other}) }
RETURN count(m) AS n
