/**
 * A least-recently-used map bounded by the weight of what it holds (characters, estimated bytes), so that however
 * many distinct keys arrive it never holds more than its bound: the least recently used entries leave first.
 * `onRemove` hears of every entry that leaves except through `clear()` (evicted, deleted, or replaced by a new value
 * under its key), so an owner can keep indexes of its own in step.
 */
export class WeightedLru<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private held = 0;

  constructor(
    readonly maxWeight: number,
    private readonly onRemove: (key: K, value: V) => void = () => undefined,
  ) {}

  /** The total weight held, never above maxWeight. */
  get weight(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value under a key, which becomes the most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /**
   * Stores a value of this weight as the most recently used, replacing the key's value, then evicts the least
   * recently used until the bound holds again. A value heavier than the whole bound is refused (false) rather than
   * emptying the map for nothing.
   */
  set(key: K, value: V, weight: number): boolean {
    if (weight > this.maxWeight) return false;
    this.delete(key);
    this.entries.set(key, { value, weight });
    this.held += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxWeight) break;
      this.remove(oldest, entry);
    }
    return true;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.remove(key, entry);
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  private remove(key: K, entry: { value: V; weight: number }): void {
    this.entries.delete(key);
    this.held -= entry.weight;
    this.onRemove(key, entry.value);
  }
}
