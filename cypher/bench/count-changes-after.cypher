// Params: $apps [String], $after (Int). How many identity changes (one per app concerned) were appended after an
// offset, read per app from the (app, offset) index. Returns: changes (Int), last (Int, the newest offset or $after).
UNWIND $apps AS app
MATCH (c:IdentityChange)
WHERE c.app = app AND c.offset > $after
RETURN count(c) AS changes, coalesce(max(c.offset), $after) AS last
