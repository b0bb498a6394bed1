// Accounts written before name initials were stored get them as matching.blocking.ts nameInitials computes them
// (the first character of each space-separated word, lower-cased, sorted). In batches, so a large graph does not need
// one huge transaction.
MATCH (a:Account) WHERE a.nameInitials IS NULL AND size(trim(coalesce(a.displayName, ''))) > 0
CALL (a) {
  SET a.nameInitials = reduce(s = '', x IN COLLECT {
    UNWIND split(toLower(a.displayName), ' ') AS word
    WITH word WHERE word <> ''
    RETURN left(word, 1) AS x ORDER BY x
  } | s + x)
} IN TRANSACTIONS OF 10000 ROWS
