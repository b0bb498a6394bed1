// Params: $ids [String], sorted (a fixed lock order avoids deadlocks). Write-locks the members an import batch is
// about to write to and bumps their version, as lock-members does. The bump reads the version under the write lock (a
// direct dependency), so a writer that held the member while the batch waited, and committed, shows as a new version.
// Returns per live member: id, version (the one before this bump), so the batch can see whether anyone changed them
// since it read them.
UNWIND $ids AS id
MATCH (m:Member {id: id})
SET m.version = coalesce(m.version, 0) + 1
RETURN m.id AS id, m.version - 1 AS version
