// Identity-change offsets became per app (append-changes.cypher): each app known to the graph continues from where
// the single sequence of earlier versions stopped, so that offsets partners already hold stay below the next ones.
// Nothing to do on a new database.
MATCH (legacy:ChangeSequence {name: 'identity'})
CALL (legacy) {
  MATCH (a:App) RETURN a.code AS app
  UNION
  MATCH (c:IdentityChange) RETURN DISTINCT c.app AS app
}
MERGE (s:ChangeSequence {name: 'identity:' + app})
ON CREATE SET s.last = legacy.last
