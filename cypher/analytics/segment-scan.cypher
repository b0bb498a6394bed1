// Params: $tags [String] (tags of the expression bound as t0, t1, ...). Skeleton composed by segment.query.ts for
// expressions that only a look at every member answers (a not at the top, an or with a not): {{BIND}} matches t0..,
// {{PREDICATE}} is the expression over m, {{RESULT}} returns count or a page of ids.
{{BIND}}
MATCH (m:Member)
WHERE {{PREDICATE}}
{{RESULT}}
