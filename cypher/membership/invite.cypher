// Params: $memberId, $program. Records an invitation (once). Returns: memberId.
MATCH (m:Member {id: $memberId}), (p:Program {code: $program})
MERGE (m)-[i:INVITED_TO]->(p)
ON CREATE SET i.at = datetime()
RETURN m.id AS memberId
