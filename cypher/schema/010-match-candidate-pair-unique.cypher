// One review candidate per pair of accounts, whatever its status: a rejected pair is not queued again.
CREATE CONSTRAINT match_candidate_pair_unique IF NOT EXISTS FOR (r:MatchCandidate) REQUIRE r.pairKey IS UNIQUE
