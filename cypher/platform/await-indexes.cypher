// Waits until every index is online, so the first queries after start-up are index-backed.
CALL db.awaitIndexes(120)
