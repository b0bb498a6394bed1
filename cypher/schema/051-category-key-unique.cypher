CREATE CONSTRAINT category_key_unique IF NOT EXISTS FOR (c:Category) REQUIRE c.key IS UNIQUE
