// Params: $a, $b (account ids). The shortest chain of links and shared identifiers between two accounts (at most 8
// hops). Returns: nodes [{eid, labels, ..., sharedBy}], edges [{source, target (element ids),
// type, method, confidence, rules}], or no row when there is no such chain or an account is unknown.
MATCH (a:Account {id: $a}), (b:Account {id: $b})
WHERE a <> b
MATCH p = shortestPath((a)-[:HAS_IDENTIFIER|BELONGS_TO*..8]-(b))
RETURN [n IN nodes(p) | {eid: elementId(n), labels: labels(n), id: n.id, key: n.key, name: n.name, displayName: n.displayName, app: n.app, externalId: n.externalId, kind: n.kind, masked: n.masked, type: n.type, at: n.at, program: n.program, title: n.title,
                         sharedBy: CASE WHEN n:Identifier THEN COUNT { (n)<-[:HAS_IDENTIFIER]-() } END}] AS nodes,
       [r IN relationships(p) | {source: elementId(startNode(r)), target: elementId(endNode(r)), type: type(r),
                                 method: r.method, confidence: r.confidence, rules: r.rules}] AS edges
