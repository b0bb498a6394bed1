// Params: $fromApp, $fromCategory, $toApp, $toCategory. Removes that cross-app signal. Returns: removed (0 or 1).
OPTIONAL MATCH (:Category {key: $fromApp + ':' + $fromCategory})-[r:SUGGESTS]->(:Category {key: $toApp + ':' + $toCategory})
DELETE r
RETURN count(r) AS removed
