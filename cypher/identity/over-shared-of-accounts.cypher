// Params: $accountIds [String], $identifierMaxAccounts (Int).
// The identifiers (and derived keys) of these accounts that are carried by more than $identifierMaxAccounts accounts
// and whose links have not been re-examined yet (no reexaminedAt). Seeks by Account.id; degrees by getDegree.
// Returns: hash; identifiers before derived keys (kinds ending in ~), so that a split is put down to the phone itself
// rather than to one of its keys, then in hash order.
UNWIND $accountIds AS accountId
MATCH (:Account {id: accountId})-[:HAS_IDENTIFIER]->(i:Identifier)
WHERE i.reexaminedAt IS NULL AND COUNT { (i)<-[:HAS_IDENTIFIER]-() } > $identifierMaxAccounts
WITH DISTINCT i
RETURN i.hash AS hash
ORDER BY i.kind ENDS WITH '~', hash
