// Returns: ok. Used by /readyz.
RETURN 1 AS ok
