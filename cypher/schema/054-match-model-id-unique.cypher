// The trained matching model (npm run match:train) is one node, found by its id.
CREATE CONSTRAINT match_model_id_unique IF NOT EXISTS FOR (m:MatchModel) REQUIRE m.id IS UNIQUE
