// Params: $jti, $grantorId, $accountId (the consenting account). Marks a consent token used; a token works once.
// Returns: firstUse (Boolean).
MERGE (c:ConsentUse {jti: $jti})
ON CREATE SET c.usedAt = datetime(), c.grantorId = $grantorId, c.accountId = $accountId, c.fresh = true
WITH c, coalesce(c.fresh, false) AS firstUse
REMOVE c.fresh
RETURN firstUse
