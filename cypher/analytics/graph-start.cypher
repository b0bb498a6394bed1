// Params: $id: a member id (a merged-away id gives its survivor), account id, brand id, store id, tag name or item
// id. Returns: node {eid, labels, id, key, name, displayName, app, externalId, kind, masked, type, at, program, title}
// or no row.
CALL () {
  MATCH (n:Member {id: $id}) RETURN n
  UNION
  MATCH (:MergedMember {id: $id})-[:MERGED_INTO]->(n:Member) RETURN n
  UNION
  MATCH (n:Account {id: $id}) RETURN n
  UNION
  MATCH (n:Brand {id: $id}) RETURN n
  UNION
  MATCH (n:Store {id: $id}) RETURN n
  UNION
  MATCH (n:Tag {name: $id}) RETURN n
}
RETURN {eid: elementId(n), labels: labels(n), id: n.id, key: n.key, name: n.name, displayName: n.displayName, app: n.app, externalId: n.externalId, kind: n.kind, masked: n.masked, type: n.type, at: n.at, program: n.program, title: n.title} AS node
LIMIT 1
