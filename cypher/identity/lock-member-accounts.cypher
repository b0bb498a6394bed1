// Params: $memberId (a live member id, write-locked already). Write-locks every account of the member, as an erasure
// does before it reads them: a write against one of them (an event recorded by another domain) then waits for the
// erasure and finds the account gone, instead of landing between the erasure's parts and outliving it.
// Returns: accounts (Int).
MATCH (:Member {id: $memberId})<-[:BELONGS_TO]-(a:Account)
SET a._lock = true
REMOVE a._lock
RETURN count(a) AS accounts
