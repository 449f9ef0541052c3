/** Lists are shown a page at a time: PAGE_SIZE items, with a *meer* button that carries the id of
 * the last item shown (a keyset cursor: new items do not shift the next page, and a stale cursor
 * is noticed because its row is gone). */
export const PAGE_SIZE = 25;

/** The Prisma filter for "after this row" in an order of createdAt desc, id desc. */
export function olderThan(row: { createdAt: Date; id: string }) {
  return { OR: [{ createdAt: { lt: row.createdAt } }, { createdAt: row.createdAt, id: { lt: row.id } }] };
}

/** The order that goes with `olderThan`. */
export const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** Cuts one extra row fetched (take + 1) off: the rows to show and the cursor for *meer*, if any. */
export function pageOf<T extends { id: string }>(
  rows: T[],
  take: number,
): { rows: T[]; next: string | null } {
  if (rows.length <= take) return { rows, next: null };
  const shown = rows.slice(0, take);
  return { rows: shown, next: shown[shown.length - 1]?.id ?? null };
}
