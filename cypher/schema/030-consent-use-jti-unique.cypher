// A link-consent token is single-use: its id is recorded when a link spends it.
CREATE CONSTRAINT consent_use_jti_unique IF NOT EXISTS FOR (c:ConsentUse) REQUIRE c.jti IS UNIQUE
