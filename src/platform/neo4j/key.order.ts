/**
 * A batch function's answer: one value per key, in key order, the same length as the keys (DataLoader's contract),
 * with `missing` for a key no row answered.
 */
export function inKeyOrder<K, Row, V>(keys: readonly K[], rows: readonly Row[], keyOf: (row: Row) => K, valueOf: (row: Row) => V, missing: V): V[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), valueOf(row)]));
  return keys.map((key) => (byKey.has(key) ? byKey.get(key)! : missing));
}
