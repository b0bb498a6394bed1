// No params. The offset of the newest identity change committed (0 before the first). Returns: last (Int).
OPTIONAL MATCH (s:ChangeSequence {name: 'identity'})
RETURN coalesce(s.last, 0) AS last
