import { WeightedLru } from '../weighted.lru';

/**
 * A least-recently-used map from a query text (or a hash naming one) to what is known of it, bounded by the
 * characters it holds, so that a caller sending ever new texts can only push older ones out. Per process. What is
 * stored under a text never changes, so storing it again keeps the first.
 */
export class TextCache<V> {
  private readonly entries: WeightedLru<string, V>;

  /** `weigh` tells the characters an entry holds. */
  constructor(
    maxChars: number,
    private readonly weigh: (key: string, value: V) => number,
  ) {
    this.entries = new WeightedLru(maxChars);
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    if (!this.entries.has(key)) this.entries.set(key, value, this.weigh(key, value));
  }
}
