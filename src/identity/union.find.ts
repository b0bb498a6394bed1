/**
 * Disjoint sets over string keys (member ids) where the caller decides which root survives a union, as a merge
 * keeps the member chooseSurvivor picked. Unknown keys are their own singleton set. Finds compress paths, so a
 * batch of n merges costs about O(n).
 */
export class UnionFind {
  private readonly parent = new Map<string, string>();

  /** The root of the set holding key (key itself when it was never merged). */
  find(key: string): string {
    let root = key;
    for (let next = this.parent.get(root); next !== undefined && next !== root; next = this.parent.get(root)) root = next;
    // Path compression: point every key on the way straight at the root.
    let node = key;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  /** Merges the set of `merged` into the set of `survivor`; the survivor's root stays the root. Returns it. */
  union(survivor: string, merged: string): string {
    const root = this.find(survivor);
    const gone = this.find(merged);
    if (gone !== root) this.parent.set(gone, root);
    return root;
  }

  connected(a: string, b: string): boolean {
    return this.find(a) === this.find(b);
  }

  /** True when key was merged into another set (it is no longer a root). */
  isMerged(key: string): boolean {
    return this.find(key) !== key;
  }
}
