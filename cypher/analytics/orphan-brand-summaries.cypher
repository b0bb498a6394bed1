// Params: none. Deletes brand summaries whose account is gone (the rebuild's last step). Returns: deleted (Int).
MATCH (s:AccountBrand) WHERE NOT EXISTS { ()-[:SUMMARIZED_IN]->(s) }
DETACH DELETE s
RETURN count(*) AS deleted
