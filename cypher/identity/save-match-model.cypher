// Params: $id, $trainedAt (ISO datetime), $parameters (JSON of MatchModel), $accounts, $candidatePairs, $randomPairs (Int).
// Stores a trained matching model in place of the previous one; the counts say what it was trained on.
MERGE (m:MatchModel {id: $id})
SET m.trainedAt = datetime($trainedAt), m.parameters = $parameters, m.accounts = $accounts,
    m.candidatePairs = $candidatePairs, m.randomPairs = $randomPairs
RETURN m.trainedAt AS trainedAt
