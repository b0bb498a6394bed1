// Params: $tags [String] (tags of the expression bound as t0, t1, ...), $driverTags [String] (the tags whose
// members are the candidates). Skeleton composed by segment.query.ts from fixed fragments: {{BIND}} matches t0..,
// {{CARRY}} keeps them, {{PREDICATE}} is the expression over m, {{RESULT}} returns count or a page of ids.
{{BIND}}
UNWIND $driverTags AS driverTag
MATCH (:Tag {name: driverTag})<-[:HAS_TAG]-(m:Member)
WITH {{DISTINCT}} m{{CARRY}}
WHERE {{PREDICATE}}
{{RESULT}}
