// Returns: version (Int) of every migration already applied.
MATCH (m:Migration) RETURN m.version AS version
