// Params: $frontier [String] (element ids), $types [String] (relationship types to follow), $labels [String] (node
// labels to reach), $perNode (Int). One level of a breadth-first exploration: up to $perNode neighbours of each
// frontier node; derived keys (kinds ending in ~) are matching's internals, never explored. Returns: from (element
// id), rid, type, source (element id of the relationship's start), node {..., degree: its explored relationships}.
UNWIND $frontier AS eid
MATCH (n) WHERE elementId(n) = eid
CALL (n) {
  MATCH (n)-[r]-(x)
  WHERE type(r) IN $types AND any(l IN labels(x) WHERE l IN $labels) AND NOT (x:Identifier AND x.kind ENDS WITH '~')
  RETURN r, x
  LIMIT $perNode
}
WITH eid, r, x AS n
// The explored relationship types spelled out, so the count is read from the node's degree store.
RETURN eid AS from, elementId(r) AS rid, type(r) AS type, elementId(startNode(r)) AS source, {eid: elementId(n), labels: labels(n), id: n.id, key: n.key, name: n.name, displayName: n.displayName, app: n.app, externalId: n.externalId, kind: n.kind, masked: n.masked, type: n.type, at: n.at, program: n.program, title: n.title,
        degree: COUNT { (n)-[:BELONGS_TO|HAS_IDENTIFIER|DID|ABOUT|HAS_TAG|HOLDS|OF_BRAND|TO]-() }} AS node
