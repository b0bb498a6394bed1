// Params: $id. Write-locks the member so its redemptions are counted and made one at a time. Returns: id.
MATCH (m:Member {id: $id})
SET m.version = coalesce(m.version, 0) + 1
RETURN m.id AS id
