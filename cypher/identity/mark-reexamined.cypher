// Params: $hash. Records that the links of an over-shared identifier were re-examined, so that neither the next
// ingest nor the whole-graph command does it again. Returns: hash.
MATCH (i:Identifier {hash: $hash})
SET i.reexaminedAt = datetime()
RETURN i.hash AS hash
