import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * Folds one changed item from an event stream into a cached list: replace it in place, add it at
 * the top (trimmed to `limit`), or drop it when it no longer `belongs` to the list's filter.
 * Returns the same array when nothing changes, so React Query skips the re-render.
 */
export function upsertItem<T extends { id: string }>(list: T[] | undefined, item: T, belongs: boolean, limit?: number): T[] | undefined {
  if (!list) return list;
  const index = list.findIndex((x) => x.id === item.id);
  if (index === -1) {
    if (!belongs) return list;
    const grown = [item, ...list];
    return limit ? grown.slice(0, limit) : grown;
  }
  if (!belongs) return list.filter((x) => x.id !== item.id);
  const next = list.slice();
  next[index] = item;
  return next;
}

/**
 * Runs `update` over every cached query under `pathKey` (one per input a screen asked with) and
 * stores what changed. `update` gets the list and the input it was fetched with.
 */
export function updateCachedLists<T, I>(
  queryClient: QueryClient,
  pathKey: QueryKey,
  update: (list: T[] | undefined, input: I | undefined) => T[] | undefined,
): void {
  for (const [key, data] of queryClient.getQueriesData<T[]>({ queryKey: pathKey })) {
    const input = (key[1] as { input?: I } | undefined)?.input;
    const next = update(data, input);
    if (next !== data) queryClient.setQueryData(key, next);
  }
}
