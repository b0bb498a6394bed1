// Params: $ids [String], sorted (a fixed lock order avoids deadlocks). Takes a write lock on each member, so
// concurrent ingests touching the same members run one after the other and each sees the other's merge.
// Returns per live member: id, createdAt, apps [{app, accounts}], avoid [member ids its accounts must not link to],
// member {id, displayName, loyaltyScore, createdAt} as locked.
UNWIND $ids AS id
MATCH (m:Member {id: id})
SET m.version = coalesce(m.version, 0) + 1
WITH m
OPTIONAL MATCH (m)<-[:BELONGS_TO]-(a:Account)
WITH m, a.app AS app, count(a) AS accounts
WITH m, collect(CASE WHEN app IS NULL THEN null ELSE {app: app, accounts: accounts} END) AS apps
RETURN m.id AS id, m.createdAt AS createdAt, apps, m {.id, .displayName, .loyaltyScore, .createdAt} AS member,
       [(m)<-[:BELONGS_TO]-(:Account)-[:DO_NOT_LINK]->(o:Member) | o.id] AS avoid
