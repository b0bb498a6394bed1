CREATE CONSTRAINT redemption_id_unique IF NOT EXISTS FOR (r:Redemption) REQUIRE r.id IS UNIQUE
