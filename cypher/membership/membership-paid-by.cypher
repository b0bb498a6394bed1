// Params: $key, $membershipId. Notes which membership a recorded payment paid for. Returns: nothing.
MATCH (pay:Payment {key: $key})
SET pay.membershipId = $membershipId
