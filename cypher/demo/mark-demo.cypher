// Params: $refs [{app, externalId}]. Marks the demo accounts and the members they belong to now (those matching gave
// them too) as demo, so that removing the demo graph finds them. Returns: memberIds [String], the live demo members.
UNWIND $refs AS ref
MATCH (a:Account {app: ref.app, externalId: ref.externalId})
SET a.demo = true
WITH a
MATCH (a)-[:BELONGS_TO]->(m:Member)
SET m.demo = true
RETURN collect(DISTINCT m.id) AS memberIds
