// Params: $members [{id, accounts [{id, app, externalId, events [{key, type, at (ISO), category, detail, itemId}]}]}].
// The recommendation benchmark's generated members: each with accounts linked to it and their events about items.
// Creates (no matching): run on a fresh store only. Returns: nothing.
UNWIND $members AS mm
CREATE (m:Member {id: mm.id, loyaltyScore: 0, createdAt: datetime()})
WITH m, mm
UNWIND mm.accounts AS aa
CREATE (a:Account {id: aa.id, app: aa.app, externalId: aa.externalId, createdAt: datetime()})-[:BELONGS_TO {purposes: ['BENEFITS', 'RECOMMENDATIONS', 'ANALYTICS']}]->(m)
WITH a, aa
UNWIND aa.events AS ev
CREATE (a)-[:DID]->(e:Event {key: ev.key, type: ev.type, at: datetime(ev.at), app: aa.app, category: ev.category,
                              detail: ev.detail, itemId: ev.itemId})
WITH e, ev
MATCH (i:Item {id: ev.itemId})
CREATE (e)-[:OF_ITEM]->(i)
