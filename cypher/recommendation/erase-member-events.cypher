// Params: $memberId (a live member id). Deletes the events recorded against a member being erased. Returns: nothing.
MATCH (m:Member {id: $memberId})<-[:BELONGS_TO]-(:Account)-[:DID]->(e:Event)
DETACH DELETE e
