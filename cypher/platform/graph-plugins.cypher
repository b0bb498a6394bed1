// Params: none. Which graph plugins the server has registered, by their version functions.
// Returns: gds (true when Graph Data Science is loaded), apoc (true when APOC is loaded).
SHOW FUNCTIONS YIELD name
WHERE name IN ['gds.version', 'apoc.version']
RETURN 'gds.version' IN collect(name) AS gds, 'apoc.version' IN collect(name) AS apoc
