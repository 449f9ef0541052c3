/** Small counts never identify a pupil. The one module every digest output (text, tables, charts,
 * CSV, CLI, JSON) takes its numbers from:
 * - a count of 1 to 4 is shown as `<5` (as DUO does in its open data);
 * - complementary suppression: in a table with totals, a line (row or column with its total) with
 *   exactly one hidden cell would give that cell away by subtraction, so the smallest other cell
 *   of the line is hidden too (shown as `x`), repeated until no line has a single hidden cell;
 * - a rate or percentage is not shown when its numerator, denominator or their difference is 1-4,
 *   and a lead time (median, p80, mean) not when it rests on 1-4 cases. */

export const SMALL = "<5" as const;
/** A cell hidden only so that a small one cannot be worked out. */
export const HIDDEN = "x" as const;

export type ShownCount = number | typeof SMALL;
export type ShownCell = number | typeof SMALL | typeof HIDDEN;

export const isSmall = (n: number) => n >= 1 && n <= 4;

export const showCount = (n: number): ShownCount => (isSmall(n) ? SMALL : n);

/** A percentage (rounded to whole percents), or null when it is not shown. */
export function showPercent(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  if (isSmall(numerator) || isSmall(denominator) || isSmall(denominator - numerator)) return null;
  return Math.round((100 * numerator) / denominator);
}

/** A rate per `per` (e.g. thuiszitters per 1,000 pupils, one decimal), or null when not shown. */
export function showRate(numerator: number, denominator: number, per: number): number | null {
  if (denominator <= 0 || isSmall(numerator)) return null;
  return Math.round(((per * numerator) / denominator) * 10) / 10;
}

/** A statistic over `n` cases (days, one decimal), or null when it rests on none or 1-4 of them. */
export function showStat(value: number | null, n: number): number | null {
  if (value === null || n === 0 || isSmall(n)) return null;
  return Math.round(value * 10) / 10;
}

export interface CountTable {
  title: string;
  rowLabels: string[];
  columnLabels: string[];
  /** cells[row][column]: exact counts. */
  cells: number[][];
  /** Label of the added total row and column (e.g. "Totaal"). */
  totalLabel: string;
  /** Add a total column (a row total per row); false when the columns do not add up (e.g. new vs open). */
  rowTotals: boolean;
}

export interface ShownTable {
  title: string;
  columns: string[];
  /** The row labels with their cells, the total row last. */
  rows: { label: string; cells: ShownCell[] }[];
}

/** The table as shown: with its totals, small cells `<5` and complementary cells `x`. */
export function suppressTable(t: CountTable): ShownTable {
  const { grid, lines } = withTotals(t.cells, t.rowTotals);
  const hidden = complementary(grid, lines);
  const shown = grid.map((row, r) =>
    row.map((v, c): ShownCell => (isSmall(v) ? SMALL : hidden[r]?.[c] ? HIDDEN : v)),
  );
  const labels = [...t.rowLabels, t.totalLabel];
  return {
    title: t.title,
    columns: t.rowTotals ? [...t.columnLabels, t.totalLabel] : t.columnLabels,
    rows: shown.map((cells, r) => ({ label: labels[r] ?? "", cells })),
  };
}

export type Cell = readonly [row: number, column: number];
/** A line: cells that add up to the last one (its total). */
export type Line = Cell[];

/** The grid with a total row (and a total column when `rowTotals`), and the lines that add up. */
export function withTotals(cells: number[][], rowTotals: boolean): { grid: number[][]; lines: Line[] } {
  const rows = cells.length;
  const cols = cells[0]?.length ?? 0;
  const grid = cells.map((row) => (rowTotals ? [...row, row.reduce((s, v) => s + v, 0)] : [...row]));
  const width = rowTotals ? cols + 1 : cols;
  grid.push(Array.from({ length: width }, (_, c) => grid.reduce((s, row) => s + (row[c] ?? 0), 0)));
  const lines: Line[] = [];
  for (let c = 0; c < width; c++) lines.push(Array.from({ length: rows + 1 }, (_, r) => [r, c] as const));
  if (rowTotals)
    for (let r = 0; r <= rows; r++) lines.push(Array.from({ length: cols + 1 }, (_, c) => [r, c] as const));
  return { grid, lines };
}

/** Which cells to hide besides the small ones, so that no line has exactly one hidden cell. */
export function complementary(grid: number[][], lines: Line[], known = new Set<string>()): boolean[][] {
  const hidden = grid.map((row) => row.map(() => false));
  const totals = new Set(lines.map((l) => l[l.length - 1]).map((c) => `${c?.[0]},${c?.[1]}`));
  const isTotal = ([r, c]: Cell) => totals.has(`${r},${c}`);
  const isHidden = ([r, c]: Cell) => isSmall(grid[r]?.[c] ?? 0) || (hidden[r]?.[c] ?? false);
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.filter(isHidden).length !== 1) continue;
      // The smallest other non-zero cell of the line; a total (shown elsewhere too) or a zero only
      // when there is nothing else.
      // Never a cell the reader knows anyway ("r,c" in `known`): hiding it protects nothing.
      const open = line.filter((cell) => !isHidden(cell) && !known.has(`${cell[0]},${cell[1]}`));
      const inner = open.filter((cell) => !isTotal(cell));
      const candidates = inner.length ? inner : open;
      const value = ([r, c]: Cell) => grid[r]?.[c] ?? 0;
      const pick =
        candidates.filter((cell) => value(cell) > 0).sort((a, b) => value(a) - value(b))[0] ??
        candidates.sort((a, b) => value(a) - value(b))[0];
      if (!pick) continue;
      const row = hidden[pick[0]];
      if (row) row[pick[1]] = true;
      changed = true;
    }
  }
  return hidden;
}

/** Counts that appear in the digest of every school board and of the SWV, by cell key. The SWV
 * total minus the other boards' shown counts would give away a board's `<5`, so the decision what
 * to hide is made over each board × cell line with the SWV total as its margin, together with the
 * lines within one digest (`within`: keys whose last is the total of the others). Every value
 * 1-4 is `<5`; a line with exactly one hidden value also hides its smallest other board value
 * (`x`), until no line has one. The same inputs give every board's digest and the SWV's, so they
 * agree. Schools without a board are in the total only (assumed known to a reader, so they hide
 * nothing).
 * `schools` (the per-school table SWV staff see): each school's cells with the index of its board
 * in `boards`; per key they add up to their board's cell, so each board's schools and the board
 * form one more line, decided together with the others: the per-school cells cannot give away a
 * board's hidden cell, nor a board's shown total a hidden school. */
export function suppressAcrossBoards(
  boards: Record<string, number>[],
  total: Record<string, number>,
  within: string[][] = [],
  schools: { board: number; cells: Record<string, number> }[] = [],
): {
  boards: Record<string, ShownCell>[];
  total: Record<string, ShownCell>;
  schools: Record<string, ShownCell>[];
} {
  const keys = Object.keys(total);
  const col = new Map(keys.map((k, i) => [k, i]));
  const rows = [...boards, total, ...schools.map((x) => x.cells)];
  const grid = rows.map((r) => keys.map((k) => r[k] ?? 0));
  const lines: Line[] = keys.map((_, c) =>
    Array.from({ length: boards.length + 1 }, (_, r) => [r, c] as const),
  );
  for (let r = 0; r <= boards.length; r++)
    for (const line of within) lines.push(line.map((k) => [r, col.get(k) ?? 0] as const));
  const schoolKeys = [...new Set(schools.flatMap((x) => Object.keys(x.cells)))];
  // A board with none of its schools in the per-school table has a known zero there.
  const known = new Set<string>();
  boards.forEach((_, b) => {
    const own = schools.flatMap((x, i) => (x.board === b ? [boards.length + 1 + i] : []));
    if (!own.length) {
      if (schools.length) for (const k of schoolKeys) known.add(`${b},${col.get(k) ?? 0}`);
      return;
    }
    for (const k of schoolKeys) {
      const c = col.get(k) ?? 0;
      lines.push([...own.map((r) => [r, c] as const), [b, c] as const]);
    }
  });
  const hidden = complementary(grid, lines, known);
  const shown = grid.map((row, r) =>
    Object.fromEntries(
      keys.map((k, c): [string, ShownCell] => {
        const v = row[c] ?? 0;
        return [k, isSmall(v) ? SMALL : hidden[r]?.[c] ? HIDDEN : v];
      }),
    ),
  );
  return {
    boards: shown.slice(0, boards.length),
    total: shown[boards.length] ?? {},
    schools: shown
      .slice(boards.length + 1)
      .map((x, i) => Object.fromEntries(Object.keys(schools[i]?.cells ?? {}).map((k) => [k, x[k] ?? 0]))),
  };
}

/** What someone could work out from a shown table by subtraction along its lines (the attack the
 * tests try): the hidden cells they recover, with the value. */
export function recoverBySubtraction(shown: ShownCell[][], lines: Line[]): Map<string, number> {
  const known = new Map<string, number>();
  const read = ([r, c]: Cell): number | undefined => {
    const v = shown[r]?.[c];
    return typeof v === "number" ? v : known.get(`${r},${c}`);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const unknown = line.filter((cell) => read(cell) === undefined);
      if (unknown.length !== 1) continue;
      const [cell] = unknown as [Cell];
      const totalCell = line[line.length - 1] as Cell;
      const sumOthers = line
        .slice(0, -1)
        .filter((x) => x !== cell)
        .reduce((s, x) => s + (read(x) ?? 0), 0);
      const total = read(totalCell);
      const value = cell === totalCell ? sumOthers : (total ?? 0) - sumOthers;
      known.set(`${cell[0]},${cell[1]}`, value);
      changed = true;
    }
  }
  return known;
}
