// Params: $id. Returns the stored matching model, if any: trainedAt (datetime), parameters (JSON of MatchModel).
MATCH (m:MatchModel {id: $id})
RETURN m.trainedAt AS trainedAt, m.parameters AS parameters
