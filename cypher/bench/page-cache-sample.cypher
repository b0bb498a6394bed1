// Params: none. The running transactions' page-cache counters, for bench's hit ratio (Community has no page-cache
// metrics or JMX bean; SHOW TRANSACTIONS reports each transaction's pageHits and pageFaults so far).
// Returns: id, hits, faults.
SHOW TRANSACTIONS YIELD transactionId, pageHits, pageFaults, currentQuery
WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS'
RETURN transactionId AS id, pageHits AS hits, pageFaults AS faults
