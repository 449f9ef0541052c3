/** Lists are shown a page at a time: PAGE_SIZE items, with a *meer* button that carries the id of
 * the last item shown (a cursor: new items before it do not shift the next page, and a stale
 * cursor is noticed because its item left the list).
 *
 * A person's list ("my cases": led by them OR joined by them) cannot be read in index order in one
 * query (an OR over two tables makes both databases scan the SWV). So a list first reads the sort
 * keys of all the person's items through one index per branch (a few hundred light rows for the
 * busiest person), orders them here, and then loads the page's rows by id. */
export const PAGE_SIZE = 25;

export interface KeyPage {
  /** The ids of the page, in order. */
  ids: string[];
  /** The cursor of the next page, or null on the last. */
  next: string | null;
  total: number;
  /** The cursor is no longer in the list. */
  stale: boolean;
}

/** The page of `take` keys after the key `after` (from the start without), in `compare` order;
 * keys that occur twice (found through two branches) count once. */
export function pageOfKeys<K extends { id: string }>(
  keys: K[],
  compare: (a: K, b: K) => number,
  take: number,
  after?: string,
): KeyPage {
  const unique = [...new Map(keys.map((k) => [k.id, k])).values()].sort(compare);
  const start = after === undefined ? 0 : unique.findIndex((k) => k.id === after) + 1;
  if (after !== undefined && start === 0) return { ids: [], next: null, total: unique.length, stale: true };
  const ids = unique.slice(start, start + take).map((k) => k.id);
  const next = start + take < unique.length ? (ids[ids.length - 1] ?? null) : null;
  return { ids, next, total: unique.length, stale: false };
}

/** Newest first: createdAt descending, then id descending. */
export function newestFirst(a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Rows loaded by id, in the order of `ids`. */
export function inOrder<T extends { id: string }>(rows: T[], ids: string[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}
