// Params: $ids [String]. Returns one row per id, in order: id, member (map or null).
UNWIND $ids AS id
OPTIONAL MATCH (m:Member {id: id})
RETURN id, CASE WHEN m IS NULL THEN null ELSE m {.id, .displayName, .loyaltyScore, .createdAt} END AS member
