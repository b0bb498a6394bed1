// Params: $apps [String], $after {app: Int} (each app's offset). How many identity changes (one per app concerned) were
// appended after each app's offset, read per app from the (app, offset) index. Returns: changes (Int), last (Int, the
// newest offset of any of the apps, or 0).
UNWIND $apps AS app
OPTIONAL MATCH (c:IdentityChange)
WHERE c.app = app AND c.offset > $after[app]
RETURN count(c) AS changes, coalesce(max(c.offset), 0) AS last
