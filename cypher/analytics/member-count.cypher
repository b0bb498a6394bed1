// Params: none. Returns: members (read from the count store).
MATCH (m:Member) RETURN count(m) AS members
