// Redeeming with the same idempotency key returns the first redemption instead of making another.
CREATE CONSTRAINT redemption_key_unique IF NOT EXISTS FOR (r:Redemption) REQUIRE r.idempotencyKey IS UNIQUE
