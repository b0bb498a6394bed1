// Returns: idle (Boolean), true when no transaction but this one runs on the server. bench:api waits for it between
// measurements, so requests a load generator abandoned at its deadline do not run into the next measurement.
SHOW TRANSACTIONS YIELD currentQuery
WHERE NOT currentQuery CONTAINS 'SHOW TRANSACTIONS'
RETURN count(*) = 0 AS idle
