// Params: $app, $externalId (the account a member signed in with: a member token's acct claim), $memberId (the
// token's member). Returns one row: anchored (Boolean). True when the account belongs to that live member through a
// link stronger than an automatic one: it made the member (NEW_MEMBER), was linked on the member's word
// (USER_ASSERTED) or by an operator (MANUAL), or shares with another account of the member an identifier it verified
// (its app checked that the holder controls it). Destructive self-service (erasure, unlink, consent) rests on it.
OPTIONAL MATCH (a:Account {app: $app, externalId: $externalId})-[l:BELONGS_TO]->(m:Member {id: $memberId})
RETURN a IS NOT NULL AND (
         l.method IN ['USER_ASSERTED', 'MANUAL'] OR 'NEW_MEMBER' IN l.rules
         OR EXISTS { (a)-[h:HAS_IDENTIFIER]->(i:Identifier)<-[:HAS_IDENTIFIER]-(o:Account)-[:BELONGS_TO]->(m) WHERE h.verified AND o <> a AND NOT i.kind ENDS WITH '~' }
       ) AS anchored
