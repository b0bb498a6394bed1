CREATE INDEX match_candidate_status IF NOT EXISTS FOR (r:MatchCandidate) ON (r.status, r.score)
