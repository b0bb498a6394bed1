// One node per kind of background work (item similarity, member tags) numbers its runs across every API instance
// (platform/next-generation.cypher); the key makes two instances starting their first run at once share it.
CREATE CONSTRAINT generation_key_unique IF NOT EXISTS FOR (g:Generation) REQUIRE g.key IS UNIQUE
