// Params: none. The embedded Neo4j's JVM heap through JMX (works in Community). Returns: used, committed, max (bytes).
CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes
WITH attributes.HeapMemoryUsage.value.properties AS heap
RETURN heap.used AS used, heap.committed AS committed, heap.max AS max
