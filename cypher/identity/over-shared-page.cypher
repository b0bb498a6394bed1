// Params: $after (String: the last hash of the previous page, '' for the first), $limit (Int), $identifierMaxAccounts (Int).
// A page of identifiers in hash order (a range seek on the Identifier.hash uniqueness index), for re-examining the
// whole graph. Returns one row: hashes (those of the page carried by more than $identifierMaxAccounts accounts and
// not re-examined yet; identifiers before derived keys, kinds ending in ~), last (the last hash of the page; null
// when the page is empty).
MATCH (i:Identifier)
WHERE i.hash > $after
WITH i ORDER BY i.hash
LIMIT $limit
WITH i, i.reexaminedAt IS NULL AND COUNT { (i)<-[:HAS_IDENTIFIER]-() } > $identifierMaxAccounts AS pending
ORDER BY i.kind ENDS WITH '~', i.hash
RETURN collect(CASE WHEN pending THEN i.hash END) AS hashes, max(i.hash) AS last
