// Params: $ids, $names [String], $seqs [Int] (the members an import batch creates that survive it, as columns);
// $aliasIds, $aliasNames [String], $aliasSeqs [Int], $aliasRoots [String] (those merged within it).
// Survivors become members; members merged within the batch exist only as (:MergedMember)-[:MERGED_INTO]->(survivor),
// so that their ids keep resolving. createdAt grows with seq (creation order within the batch), so "the oldest member"
// means what it means for one-by-one ingest.
CALL () {
  UNWIND range(0, size($ids) - 1) AS i
  CREATE (:Member {id: $ids[i], displayName: $names[i], loyaltyScore: 0,
                   createdAt: datetime() + duration({microseconds: toInteger($seqs[i])})})
}
CALL () {
  UNWIND range(0, size($aliasIds) - 1) AS i
  MATCH (root:Member {id: $aliasRoots[i]})
  CREATE (:MergedMember {id: $aliasIds[i], displayName: $aliasNames[i], loyaltyScore: 0,
                         createdAt: datetime() + duration({microseconds: toInteger($aliasSeqs[i])}), mergedAt: datetime()})
         -[:MERGED_INTO]->(root)
}
