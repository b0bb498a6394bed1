// Identifiers are stored only as a keyed hash of kind and normalized value; the hash is their key.
CREATE CONSTRAINT identifier_hash_unique IF NOT EXISTS FOR (i:Identifier) REQUIRE i.hash IS UNIQUE
