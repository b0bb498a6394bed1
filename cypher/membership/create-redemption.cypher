// Params: $id, $idempotencyKey, $benefitId, $accountId, $remainingUses (Int or null). Returns: redemption.
MATCH (a:Account {id: $accountId}), (b:Benefit {id: $benefitId})
CREATE (r:Redemption {id: $id, idempotencyKey: $idempotencyKey, benefitId: $benefitId, at: datetime(), remainingUses: $remainingUses})
CREATE (r)-[:BY_ACCOUNT]->(a)
CREATE (r)-[:OF_BENEFIT]->(b)
RETURN r {.id, .benefitId, redeemedAt: r.at, accountId: a.id, .remainingUses} AS redemption
