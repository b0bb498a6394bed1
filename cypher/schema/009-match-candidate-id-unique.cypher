CREATE CONSTRAINT match_candidate_id_unique IF NOT EXISTS FOR (r:MatchCandidate) REQUIRE r.id IS UNIQUE
