// Params: $frontier [String] (element ids), $types [String] (relationship types to follow), $labels [String] (node
// labels to reach), $perNode (Int). One level of a breadth-first exploration: up to $perNode neighbours of each
// frontier node. Returns: from (element id), rid, type, source (element id of the relationship's start), node {...}.
UNWIND $frontier AS eid
MATCH (n) WHERE elementId(n) = eid
CALL (n) {
  MATCH (n)-[r]-(x)
  WHERE type(r) IN $types AND any(l IN labels(x) WHERE l IN $labels)
  RETURN r, x
  LIMIT $perNode
}
WITH eid, r, x AS n
RETURN eid AS from, elementId(r) AS rid, type(r) AS type, elementId(startNode(r)) AS source, {eid: elementId(n), labels: labels(n), id: n.id, key: n.key, name: n.name, displayName: n.displayName, app: n.app, externalId: n.externalId, kind: n.kind, masked: n.masked, type: n.type, at: n.at, program: n.program, title: n.title} AS node
