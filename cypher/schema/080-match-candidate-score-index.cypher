// The reviews connection without a status filter seeks and orders review candidates by score.
CREATE INDEX match_candidate_score IF NOT EXISTS FOR (r:MatchCandidate) ON (r.score)
