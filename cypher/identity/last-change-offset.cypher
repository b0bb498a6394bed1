// Params: $app. The offset of an app's newest identity change committed (0 before the first). Returns: last (Int).
OPTIONAL MATCH (s:ChangeSequence {name: 'identity:' + $app})
RETURN coalesce(s.last, 0) AS last
