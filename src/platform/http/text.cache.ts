/**
 * A least-recently-used map from a query text (or a hash naming one) to what is known of it, bounded by the
 * characters it holds, so that a caller sending ever new texts can only push older ones out. Per process.
 */
export class TextCache<V> {
  private readonly entries = new Map<string, V>();
  private size = 0;

  /** `weigh` tells the characters an entry holds. */
  constructor(
    private readonly maxChars: number,
    private readonly weigh: (key: string, value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    const weight = this.weigh(key, value);
    if (weight > this.maxChars || this.entries.has(key)) return;
    this.entries.set(key, value);
    this.size += weight;
    for (const [oldest, held] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= this.weigh(oldest, held);
    }
  }
}
