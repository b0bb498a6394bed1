// Params: $id: a member id (a merged-away id gives its survivor), account, brand, store, item or membership id, an
// identifier's element id (as exploration answers give it; never a derived key), $tag: a tag name ($id without its
// `tag:` prefix), $event: an event key ($id without its `event:` prefix, or null). Every id an exploration answer gives
// starts one. Returns: node {eid, labels, id, key, name, displayName, app, externalId, kind, masked, type, at, program,
// title, degree} or no row.
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
  MATCH (n:Item {id: $id}) RETURN n
  UNION
  MATCH (n:Membership {id: $id}) RETURN n
  UNION
  MATCH (n:Tag {name: $tag}) RETURN n
  UNION
  MATCH (n:Event {key: $event}) RETURN n
  UNION
  MATCH (n:Identifier) WHERE elementId(n) = $id AND NOT n.kind ENDS WITH '~' RETURN n
}
// The explored relationship types spelled out, so the count is read from the node's degree store.
RETURN {eid: elementId(n), labels: labels(n), id: n.id, key: n.key, name: n.name, displayName: n.displayName, app: n.app, externalId: n.externalId, kind: n.kind, masked: n.masked, type: n.type, at: n.at, program: n.program, title: n.title,
        degree: COUNT { (n)-[:BELONGS_TO|HAS_IDENTIFIER|DID|ABOUT|HAS_TAG|HOLDS|OF_BRAND|TO]-() }} AS node
LIMIT 1
