// One node numbers derivations of members' tags across every API instance and script run (begin-tag-derivation.cypher);
// the key makes two derivations starting the first time at once share it instead of creating two.
CREATE CONSTRAINT tag_derivation_key_unique IF NOT EXISTS FOR (d:TagDerivation) REQUIRE d.key IS UNIQUE
