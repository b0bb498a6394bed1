// A program payment is recorded once: joining again with the same payment reference changes nothing.
CREATE CONSTRAINT payment_key_unique IF NOT EXISTS FOR (p:Payment) REQUIRE p.key IS UNIQUE
