// Params: none. Removes every SIMILAR relationship (replaced in the same transaction). Returns: nothing.
MATCH (:Item)-[s:SIMILAR]->(:Item)
DELETE s
