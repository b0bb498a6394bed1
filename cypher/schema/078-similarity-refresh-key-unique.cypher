// One node counts item-similarity refreshes across every API instance (begin-similarity-refresh.cypher); the key makes
// two instances starting their first refresh at once share it instead of creating two.
CREATE CONSTRAINT similarity_refresh_key_unique IF NOT EXISTS FOR (r:SimilarityRefresh) REQUIRE r.key IS UNIQUE
