CREATE CONSTRAINT change_sequence_name_unique IF NOT EXISTS FOR (s:ChangeSequence) REQUIRE s.name IS UNIQUE
