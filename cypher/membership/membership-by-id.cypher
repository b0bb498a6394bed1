// Params: $id. Returns: membership {id, program, since, until, pricePaid, renewals}, or no row.
MATCH (ms:Membership {id: $id})
RETURN ms {.id, .program, .since, .until, .pricePaid, .renewals} AS membership
