import DataLoader from 'dataloader';

/** A list field's key: whose list, and how many of its newest items the query asked for (`first`). */
export interface PagedKey {
  id: string;
  first: number;
}

/**
 * A per-request loader for a list field with a `first` argument: the keys of one tick are batched into one call of
 * `load` per distinct `first` (almost always one), each with every id asking for that many, so a list of members
 * that each show their last N changes costs one statement, not one per member.
 */
export function pagedLoader<V>(load: (ids: readonly string[], first: number) => Promise<V[]>): DataLoader<PagedKey, V, string> {
  const keyOf = (key: PagedKey): string => `${key.first}|${key.id}`;
  return new DataLoader<PagedKey, V, string>(
    async (keys) => {
      const idsByFirst = new Map<number, Set<string>>();
      for (const key of keys) idsByFirst.set(key.first, (idsByFirst.get(key.first) ?? new Set()).add(key.id));
      const answers = new Map<string, V>();
      await Promise.all(
        [...idsByFirst].map(async ([first, idSet]) => {
          const ids = [...idSet];
          const values = await load(ids, first);
          ids.forEach((id, i) => answers.set(keyOf({ id, first }), values[i]));
        }),
      );
      return keys.map((key) => answers.get(keyOf(key))!);
    },
    { cacheKeyFn: keyOf },
  );
}
