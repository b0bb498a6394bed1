// Params: $idempotencyKey. Returns: redemption {id, benefitId, redeemedAt, accountId, remainingUses}, or no row.
MATCH (r:Redemption {idempotencyKey: $idempotencyKey})-[:BY_ACCOUNT]->(a:Account)
RETURN r {.id, .benefitId, redeemedAt: r.at, accountId: a.id, .remainingUses} AS redemption
