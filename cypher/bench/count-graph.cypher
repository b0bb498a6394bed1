// Returns: accounts, members, identifiers (Int). Counts from the count store, so it is instant at any size.
CALL () { MATCH (a:Account) RETURN count(a) AS accounts }
CALL () { MATCH (m:Member) RETURN count(m) AS members }
CALL () { MATCH (i:Identifier) RETURN count(i) AS identifiers }
RETURN accounts, members, identifiers
