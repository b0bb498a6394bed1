// Params: $timeoutSeconds. Resamples every index and clears the query caches, waiting for the resampling: plans made
// after a bulk load otherwise rest on the statistics of the empty store (bench:api, after seeding).
// Returns: nothing.
CALL db.prepareForReplanning($timeoutSeconds)
