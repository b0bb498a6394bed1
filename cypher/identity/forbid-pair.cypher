// Params: $subjectId, $candidateId, $reason. Records that each of the two accounts must not link to the other's member.
MATCH (a:Account {id: $subjectId})-[:BELONGS_TO]->(ma:Member)
MATCH (c:Account {id: $candidateId})-[:BELONGS_TO]->(mc:Member)
WHERE ma <> mc
MERGE (a)-[d1:DO_NOT_LINK]->(mc)
SET d1.reason = $reason, d1.at = datetime()
MERGE (c)-[d2:DO_NOT_LINK]->(ma)
SET d2.reason = $reason, d2.at = datetime()
