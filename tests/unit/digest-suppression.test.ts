import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INDICATORS, meetsNorm } from "../../src/features/digests/catalogue.ts";
import { firstWorkingDay, postingMoment } from "../../src/features/digests/jobs.ts";
import { lastComplete, parsePeriod, previous, yearEarlier } from "../../src/features/digests/periods.ts";
import { spread } from "../../src/features/digests/stats.ts";
import {
  complementary,
  recoverBySubtraction,
  type ShownCell,
  showPercent,
  showRate,
  showStat,
  suppressAcrossBoards,
  suppressTable,
  withTotals,
} from "../../src/features/digests/suppression.ts";

const shownGrid = (cells: number[][], rowTotals: boolean) =>
  suppressTable({
    title: "",
    rowLabels: cells.map(String),
    columnLabels: cells[0]?.map(String) ?? [],
    cells,
    totalLabel: "T",
    rowTotals,
  }).rows.map((r) => r.cells);

describe("suppression", () => {
  it("shows counts 1-4 as <5 and hides one more cell where a total would give it away", () => {
    expect(shownGrid([[7], [3], [6], [9]], false)).toEqual([[7], ["<5"], ["x"], [9], [25]]);
    expect(shownGrid([[7], [2], [3], [9]], false)).toEqual([[7], ["<5"], ["<5"], [9], [21]]);
    // Zeros are not chosen while there is a non-zero cell.
    expect(shownGrid([[3], [0], [0], [5]], false)).toEqual([["<5"], [0], [0], ["x"], [8]]);
  });

  it("hides rates from small counts (numerator, denominator or the rest) and stats of 1-4 cases", () => {
    expect(showPercent(8, 13)).toBe(62);
    expect(showPercent(3, 13)).toBeNull();
    expect(showPercent(10, 13)).toBeNull(); // 3 not met would follow
    expect(showPercent(0, 10)).toBe(0);
    expect(showPercent(2, 2)).toBeNull();
    expect(showRate(15, 1000, 1000)).toBe(15);
    expect(showRate(3, 1000, 1000)).toBeNull();
    expect(showStat(3.25, 4)).toBeNull();
    expect(showStat(3.25, 5)).toBe(3.3);
  });

  it("never lets a hidden cell be worked out by subtraction, whatever the table (property)", () => {
    const table = fc.integer({ min: 1, max: 5 }).chain((cols) =>
      fc.array(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 })), {
          minLength: cols,
          maxLength: cols,
        }),
        {
          minLength: 1,
          maxLength: 6,
        },
      ),
    );
    fc.assert(
      fc.property(table, fc.boolean(), (cells, rowTotals) => {
        const shown = shownGrid(cells, rowTotals) as ShownCell[][];
        const { grid, lines } = withTotals(cells, rowTotals);
        // Nothing small is shown as a number.
        for (const row of shown)
          for (const v of row) expect(typeof v === "number" && v >= 1 && v <= 4).toBe(false);
        // And nothing hidden can be recovered, by any number of rounds of subtraction.
        const recovered = recoverBySubtraction(shown, lines);
        expect([...recovered.keys()]).toEqual([]);
        expect(grid.length).toBe(shown.length);
      }),
      { numRuns: 500 },
    );
  });

  it("the attack works on a table without complementary suppression (the test can fail)", () => {
    const { grid, lines } = withTotals([[7], [3], [6], [9]], false);
    const naive: ShownCell[][] = grid.map((r) => r.map((v) => (v >= 1 && v <= 4 ? "<5" : v)));
    expect(recoverBySubtraction(naive, lines).get("1,0")).toBe(3);
    expect(complementary(grid, lines).flat().filter(Boolean)).toHaveLength(1);
  });
});

describe("suppression across school boards (issue 11)", () => {
  /** What a reader of the SWV digest and every board digest works out by subtraction: per cell, the
   * board values add up to the SWV total minus the schools without a board (assumed known). */
  const attack = (
    boards: Record<string, ShownCell>[],
    total: Record<string, ShownCell>,
    noBoard: number[],
  ) => {
    const keys = Object.keys(total);
    const rows = [
      ...boards.map((b) => keys.map((k) => b[k] ?? 0)),
      keys.map((k, c) => {
        const v = total[k];
        return typeof v === "number" ? v - (noBoard[c] ?? 0) : (v ?? 0);
      }),
    ];
    const lines = keys.map((_, c) => rows.map((_, r) => [r, c] as const));
    return recoverBySubtraction(rows, lines);
  };
  const record = (values: number[]) => Object.fromEntries(values.map((v, i) => [`k${i}`, v]));

  it("hides a second board's count where the SWV total would give a <5 away", () => {
    // Two boards: SWV − A = B.
    const two = suppressAcrossBoards([record([13, 20]), record([3, 7])], record([16, 27]));
    expect(two.boards).toEqual([
      { k0: "x", k1: 20 },
      { k0: "<5", k1: 7 },
    ]);
    expect(two.total).toEqual({ k0: 16, k1: 27 });
    // Three boards: the smallest other board is hidden; two hidden cells in a line protect each other.
    const three = suppressAcrossBoards([record([13, 2]), record([3, 3]), record([8, 9])], record([24, 14]));
    expect(three.boards.map((b) => b.k0)).toEqual([13, "<5", "x"]);
    expect(three.boards.map((b) => b.k1)).toEqual(["<5", "<5", 9]);
    expect(attack(three.boards, three.total, [0, 0]).size).toBe(0);
  });

  it("never lets a board's hidden count be worked out from the SWV and all board digests (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((boards) =>
          fc.tuple(
            fc.array(fc.array(fc.nat({ max: 30 }), { minLength: 4, maxLength: 4 }), {
              minLength: boards,
              maxLength: boards,
            }),
            fc.array(fc.nat({ max: 6 }), { minLength: 4, maxLength: 4 }),
          ),
        ),
        ([values, noBoard]) => {
          const total = record(noBoard.map((n, c) => n + values.reduce((s, b) => s + (b[c] ?? 0), 0)));
          const shown = suppressAcrossBoards(values.map(record), total);
          // Every count shown is exact, every 1-4 is <5, nothing else is <5.
          values.forEach((b, i) => {
            b.forEach((v, c) => {
              const cell = shown.boards[i]?.[`k${c}`];
              if (v >= 1 && v <= 4) expect(cell).toBe("<5");
              else expect(cell === v || cell === "x").toBe(true);
            });
          });
          expect(attack(shown.boards, shown.total, noBoard).size).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never lets a hidden school or board count be worked out from the per-school table and the board digests (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((boards) =>
          fc
            .array(
              fc.record({
                board: fc.nat({ max: boards - 1 }),
                cells: fc.array(fc.nat({ max: 12 }), { minLength: 2, maxLength: 2 }),
              }),
              { minLength: 1, maxLength: 10 },
            )
            .map((schools) => ({ boards, schools })),
        ),
        ({ boards, schools }) => {
          const boardValues = Array.from({ length: boards }, (_, b) =>
            [0, 1].map((c) =>
              schools.filter((x) => x.board === b).reduce((s, x) => s + (x.cells[c] ?? 0), 0),
            ),
          );
          const total = record([0, 1].map((c) => boardValues.reduce((s, b) => s + (b[c] ?? 0), 0)));
          const shown = suppressAcrossBoards(
            boardValues.map(record),
            total,
            [],
            schools.map((x) => ({ board: x.board, cells: record(x.cells) })),
          );
          // Rows: boards, the SWV, then the schools; lines: boards to the SWV, each board's schools to it.
          const rows = [...shown.boards, shown.total, ...shown.schools].map((r) => [r.k0 ?? 0, r.k1 ?? 0]);
          const lines = [0, 1].flatMap((c) => [
            Array.from({ length: boards + 1 }, (_, r) => [r, c] as const),
            ...Array.from({ length: boards }, (_, b) => [
              ...schools.flatMap((x, i) => (x.board === b ? [[boards + 1 + i, c] as const] : [])),
              [b, c] as const,
            ]),
          ]);
          expect(recoverBySubtraction(rows, lines).size).toBe(0);
          schools.forEach((x, i) => {
            x.cells.forEach((v, c) => {
              const cell = shown.schools[i]?.[`k${c}`];
              if (v >= 1 && v <= 4) expect(cell).toBe("<5");
              else expect(cell === v || cell === "x").toBe(true);
            });
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("the attack recovers a board's <5 without it (the test can fail)", () => {
    const shown = [{ k0: 13 as ShownCell }, { k0: "<5" as ShownCell }];
    expect([...attack(shown, { k0: 16 }, [0]).values()]).toEqual([3]);
  });
});

describe("lead-time statistics", () => {
  it("gives median and 80th percentile by linear interpolation", () => {
    expect(spread([31, 32, 33, 34, 41])).toEqual({ n: 5, mean: 34.2, median: 33, p80: 35.4 });
    expect(spread([1, 1, 1, 2, 3, 5]).median).toBe(1.5);
    expect(spread([]).median).toBeNull();
  });
});

describe("periods", () => {
  it("parses months, calendar quarters and school years, with previous and a year earlier", () => {
    const q = parsePeriod("2026-Q4");
    expect(q).toEqual({ kind: "kwartaal", key: "2026-Q4", start: "2026-10-01", end: "2026-12-31" });
    expect(q && previous(q).key).toBe("2026-Q3");
    expect(q && yearEarlier(q).key).toBe("2025-Q4");
    const y = parsePeriod("2026-2027");
    expect(y && [y.start, y.end, previous(y).key]).toEqual(["2026-08-01", "2027-07-31", "2025-2026"]);
    const m = parsePeriod("2026-01");
    expect(m && [previous(m).key, yearEarlier(m).key]).toEqual(["2025-12", "2025-01"]);
    expect(parsePeriod("2026-13")).toBeNull();
    expect(parsePeriod("2026-Q5")).toBeNull();
    expect(parsePeriod("2026-2028")).toBeNull();
    expect(lastComplete("maand", "2026-12-01").key).toBe("2026-11");
    expect(lastComplete("kwartaal", "2027-01-04").key).toBe("2026-Q4");
    expect(lastComplete("schooljaar", "2026-08-03").key).toBe("2025-2026");
  });
});

describe("the indicator catalogue", () => {
  it("has a unique key, Dutch name and definition, source and unit for every indicator; norms name their seed", () => {
    const keys = INDICATORS.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const i of INDICATORS) {
      expect(i.name.nl && i.definition.nl && i.source && i.unit).toBeTruthy();
      if (i.norm) expect(i.norm.seed).toMatch(/^00\d_[0-9a-f]{16}\.txt$/);
    }
    const sop = INDICATORS.find((i) => i.key === "cycles.sop")?.norm;
    expect(sop && [meetsNorm(sop, 80), meetsNorm(sop, 70), meetsNorm(sop, null)]).toEqual([
      true,
      false,
      null,
    ]);
    const beyond = INDICATORS.find((i) => i.key === "thuiszitters.beyond3m")?.norm;
    expect(beyond && [meetsNorm(beyond, 0), meetsNorm(beyond, "<5")]).toEqual([true, false]);
  });
});

describe("the digest schedule", () => {
  it("posts monthly on the first working day at 09:00, quarterly only after a registration closed", () => {
    expect(firstWorkingDay(2027, 1)).toBe("2027-01-04"); // 1 January is a Friday and a public holiday
    expect(firstWorkingDay(2026, 11)).toBe("2026-11-02"); // 1 November is a Sunday
    expect(postingMoment("maand", "2026-12-15", "Europe/Amsterdam")?.toISOString()).toBe(
      "2026-12-01T08:00:00.000Z",
    );
    expect(postingMoment("kwartaal", "2026-12-15", "Europe/Amsterdam")).toBeNull();
    expect(postingMoment("kwartaal", "2027-01-10", "Europe/Amsterdam")?.toISOString()).toBe(
      "2027-01-04T08:00:00.000Z",
    );
  });
});
