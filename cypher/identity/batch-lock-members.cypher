// Params: $ids [String], sorted (a fixed lock order avoids deadlocks). Write-locks the members an import batch is
// about to write to and bumps their version, as lock-members does. Returns per live member: id, version (the one
// before this bump), so the batch can see whether anyone changed them since it read them.
UNWIND $ids AS id
MATCH (m:Member {id: id})
WITH m, coalesce(m.version, 0) AS version
SET m.version = version + 1
RETURN m.id AS id, version
