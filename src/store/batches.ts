/** A list of ids that goes into one filter (`id: { in: ids }`) is cut into batches below the
 * parameter limits of both databases (SQLite builds from before 3.32 allow 999 parameters per
 * statement, and Prisma assumes that limit for every SQLite; PostgreSQL allows 32,767), with room
 * for the query's other parameters. Every list of ids in a filter goes through here. */
export const BATCH_SIZE = 900;

/** Runs `fn` once per batch of at most `size` distinct ids and joins the results in order. */
export async function inBatches<I, R>(
  ids: Iterable<I>,
  size: number,
  fn: (batch: I[]) => Promise<R[]>,
): Promise<R[]> {
  const all = [...new Set(ids)];
  const out: R[] = [];
  for (let i = 0; i < all.length; i += size) out.push(...(await fn(all.slice(i, i + size))));
  return out;
}
