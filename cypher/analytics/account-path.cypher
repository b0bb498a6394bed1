// Params: $a, $b (account ids). The shortest chain of links and shared identifiers between two accounts (at most 8
// hops), never through a derived key (kinds ending in ~: matching's internals; a link they made says so in its
// evidence). Returns: nodes [{eid, labels, ..., sharedBy}], edges [{source, target (element ids), type, method,
// confidence, rules, evidence (JSON text or null)}], or no row when there is no such chain or an account is unknown.
MATCH (a:Account {id: $a}), (b:Account {id: $b})
WHERE a <> b
MATCH p = shortestPath((a)-[:HAS_IDENTIFIER|BELONGS_TO*..8]-(b))
WHERE none(n IN nodes(p) WHERE n:Identifier AND n.kind ENDS WITH '~')
RETURN [n IN nodes(p) | {eid: elementId(n), labels: labels(n), id: n.id, key: n.key, name: n.name, displayName: n.displayName, app: n.app, externalId: n.externalId, kind: n.kind, masked: n.masked, type: n.type, at: n.at, program: n.program, title: n.title,
                         sharedBy: CASE WHEN n:Identifier THEN COUNT { (n)<-[:HAS_IDENTIFIER]-() } END}] AS nodes,
       [r IN relationships(p) | {source: elementId(startNode(r)), target: elementId(endNode(r)), type: type(r),
                                 method: r.method, confidence: r.confidence, rules: r.rules, evidence: r.evidence}] AS edges
