// Params: $id (a member id, or an id merged into it). Returns: memberId of the live member, or no row.
OPTIONAL MATCH (live:Member {id: $id})
OPTIONAL MATCH (:MergedMember {id: $id})-[:MERGED_INTO]->(survivor:Member)
WITH coalesce(live, survivor) AS m WHERE m IS NOT NULL
RETURN m.id AS memberId
