// Params: $ids [String]. Returns one row per id, in order: id, member (map or null). A merged-away id resolves to
// the member it was merged into.
UNWIND $ids AS id
OPTIONAL MATCH (live:Member {id: id})
OPTIONAL MATCH (:MergedMember {id: id})-[:MERGED_INTO]->(survivor:Member)
WITH id, coalesce(live, survivor) AS m
RETURN id, CASE WHEN m IS NULL THEN null ELSE m {.id, .displayName, .loyaltyScore, .createdAt} END AS member
