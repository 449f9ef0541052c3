/** Small statistics for lead times: mean, median and 80th percentile. Percentiles interpolate
 * linearly between the closest ranks (spreadsheet PERCENTIEL.INC / R type 7), so the median of
 * [2, 4] is 3 and the p80 of [1, 2, 3, 4, 5] is 4.2. */

export interface Spread {
  n: number;
  mean: number | null;
  median: number | null;
  p80: number | null;
}

export function quantile(sorted: ArrayLike<number>, q: number): number | null {
  if (!sorted.length) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? 0;
  return a + (b - a) * (pos - lo);
}

/** The spread of the values of several lists together (a school's, a board's, the SWV's). */
export function spread(...lists: readonly ArrayLike<number>[]): Spread {
  // One typed array: it sorts numerically without a comparator call per comparison.
  const sorted = new Float64Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) {
    sorted.set(list, at);
    at += list.length;
  }
  sorted.sort();
  const n = sorted.length;
  return {
    n,
    mean: n ? sorted.reduce((s, v) => s + v, 0) / n : null,
    median: quantile(sorted, 0.5),
    p80: quantile(sorted, 0.8),
  };
}

export const DAY_MS = 86_400_000;
/** The days between two instants, as a fraction (a lead time of 36 hours is 1.5 days). */
export const daysFrom = (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY_MS;
