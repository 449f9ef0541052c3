/** One digest: the indicators of a period for an audience (the SWV board or one school board),
 * with the previous period and the same period a year earlier, the breakdown tables, the trend
 * and the story. Every output (chat, `/knoop digest`, CSV, CLI text and JSON) is made from this
 * object, and it holds only suppressed values: nothing in it can show a count of 1-4. */
import type { Locale } from "../../core/i18n.ts";
import type { Db } from "../../store/client.ts";
import { caseForms, caseOutcomes } from "../cases/texts.ts";
import { signalDomains } from "../swv/defaults.ts";
import { INDICATORS, meetsNorm, type Shown, type Unit } from "./catalogue.ts";
import { countBy, created } from "./counts.ts";
import { type Measures, measureGroups } from "./measure.ts";
import { type DigestPeriod, instants, periodLabel, previous, shortLabel, yearEarlier } from "./periods.ts";
import { storyOf } from "./story.ts";
import {
  HIDDEN,
  type ShownCell,
  type ShownTable,
  SMALL,
  suppressAcrossBoards,
  withTotals,
} from "./suppression.ts";
import { digestLabels, digestTexts } from "./texts.ts";

export interface Figure {
  key: string;
  group: string;
  name: string;
  unit: Unit;
  good: "hoger" | "lager" | "geen";
  value: Shown;
  previous: Shown;
  yearAgo: Shown;
  norm: { text: string; target: number; kind: "min" | "max"; seed: string; met: boolean | null } | null;
  /** Which of value, previous and yearAgo are null because the count is hidden to protect another
   * (`x` in tables, text and charts), not because it cannot be shown (`–`). */
  hidden: ("value" | "previous" | "yearAgo")[];
}

export interface PeriodRef {
  key: string;
  label: string;
  start: string;
  end: string;
}

export interface Digest {
  swv: { code: string; name: string };
  audience: { kind: "swv" } | { kind: "board"; number: string; name: string };
  period: PeriodRef & { kind: string };
  previous: PeriodRef;
  yearAgo: PeriodRef;
  figures: Figure[];
  tables: ShownTable[];
  trend: { title: string; categories: string[]; series: { name: string; values: ShownCell[] }[] };
  story: string[];
  /** Per school: only for SWV staff (details and CSV). */
  schools?: ShownTable;
}

export interface DigestQuery {
  swvId: string;
  period: DigestPeriod;
  /** A school board's DUO number, or null for the whole SWV. */
  boardNumber: string | null;
  timeZone: string;
  locale: Locale;
  /** Add the per-school table (SWV staff only). */
  perSchool?: boolean;
}

export class UnknownBoard extends Error {}

const ref = (p: DigestPeriod, locale: Locale): PeriodRef => ({
  key: p.key,
  label: periodLabel(p, locale),
  start: p.start,
  end: p.end,
});

export async function buildDigest(db: Db, q: DigestQuery): Promise<Digest> {
  const t = digestTexts(q.locale);
  const l = digestLabels(q.locale);
  const swv = await db.swv.findUniqueOrThrow({ where: { id: q.swvId }, select: { code: true, name: true } });
  let audience: Digest["audience"] = { kind: "swv" };
  // Every digest measures every board of the SWV (in the same grouped reads): what a board's
  // digest hides is decided over all boards and the SWV total together (suppressAcrossBoards).
  const allSchools = await db.school.findMany({
    where: { swvId: q.swvId },
    select: { id: true, boardId: true, name: true, locationCode: true },
    orderBy: { name: "asc" },
  });
  const boardOf = new Map(allSchools.map((s) => [s.id, s.boardId ?? NO_BOARD]));
  const groupOf = (schoolId: string) => boardOf.get(schoolId) ?? NO_BOARD;
  const groupKeys = [...new Set(allSchools.flatMap((s) => (s.boardId ? [s.boardId] : [])))];
  let audienceKey = SWV;
  if (q.boardNumber) {
    const board = await db.board.findUnique({ where: { duoNumber: q.boardNumber } });
    const schools = board ? allSchools.filter((s) => s.boardId === board.id) : [];
    if (!board || !schools.length) throw new UnknownBoard(q.boardNumber);
    audience = { kind: "board", number: board.duoNumber, name: board.name };
    audienceKey = board.id;
  }
  const prev = previous(q.period);
  const ago = yearEarlier(q.period);
  const trendPeriods = [5, 4, 3, 2, 1, 0].map((back) => {
    let p = q.period;
    for (let i = 0; i < back; i++) p = previous(p);
    return p;
  });
  // One read per distinct period: a school year's year-earlier is its previous period, and the
  // trend's last points are the periods measured anyway (their counts are the measures').
  const measured = new Map<string, Promise<ByGroup>>();
  const measureOnce = (p: DigestPeriod) => {
    let m = measured.get(p.key);
    if (!m) {
      m = measureGroups(db, q.swvId, groupOf, [...groupKeys, NO_BOARD], p, q.timeZone);
      measured.set(p.key, m);
    }
    return m;
  };
  const [now, before, yearBefore, trend] = await Promise.all([
    measureOnce(q.period),
    measureOnce(prev),
    measureOnce(ago),
    trendOf(db, q.swvId, groupOf, trendPeriods, q.timeZone, measured),
  ]);

  // Every count cell of the digest (figures of the three periods, the tables, the trend), per
  // board and for the SWV, suppressed together.
  const cellsOf = (key: string): Record<string, number> => {
    const pick = (g: ByGroup) => (key === SWV ? g.all : of(g, key));
    const out: Record<string, number> = {};
    for (const [p, m] of [
      [q.period, pick(now)],
      [prev, pick(before)],
      [ago, pick(yearBefore)],
    ] as const)
      for (const i of INDICATORS) {
        if (i.count) out[cell(i.key, p)] = i.count(m);
        for (const [k, v] of Object.entries(i.basis?.(m) ?? {})) out[cell(k, p)] = v;
      }
    trendPeriods.forEach((p, n) => {
      const point = key === SWV ? trend[n]?.all : trend[n]?.groups.get(key);
      out[cell("signals.new", p)] = point?.signals ?? 0;
      out[cell("cases.opened", p)] = point?.cases ?? 0;
      out[cell("thuiszitters.current", p)] = point?.thuiszitters ?? 0;
    });
    for (const table of tableSpecs(pick(now), q.period, t, l))
      table.grid.forEach((row, r) => {
        row.forEach((v, c) => {
          out[table.key(r, c)] = v;
        });
      });
    return out;
  };
  const specs = tableSpecs(now.all, q.period, t, l);
  // The per-school cells (SWV staff) are decided with the boards' always, whether or not this
  // digest shows them, so every digest of the period hides the same cells.
  const schoolKeys = SCHOOL_COLUMNS.map((k) => cell(k, q.period));
  const schoolRows = allSchools.flatMap((x) => {
    const c = now.schools.get(x.id);
    if (!c || !(c.signals || c.cases || c.thuiszitters)) return []; // left out: a known zero
    const values = [c.signals, c.cases, c.thuiszitters];
    return [
      {
        school: x,
        board: x.boardId ? groupKeys.indexOf(x.boardId) : -1,
        cells: Object.fromEntries(schoolKeys.map((k, i) => [k, values[i] ?? 0])),
      },
    ];
  });
  const across = suppressAcrossBoards(
    groupKeys.map(cellsOf),
    cellsOf(SWV),
    specs.flatMap((x) => x.lines),
    schoolRows,
  );
  const shownCells =
    audienceKey === SWV ? across.total : (across.boards[groupKeys.indexOf(audienceKey)] ?? {});
  const own = audienceKey === SWV ? now.all : of(now, audienceKey);
  const ownBefore = audienceKey === SWV ? before.all : of(before, audienceKey);
  const ownAgo = audienceKey === SWV ? yearBefore.all : of(yearBefore, audienceKey);
  // A count hidden to protect another is not shown (null, listed in `hidden`); nor a rate,
  // percentage or statistic when any count it rests on is hidden (`<5` or `x`).
  const isHidden = (i: (typeof INDICATORS)[number], p: DigestPeriod) =>
    !!i.count && shownCells[cell(i.key, p)] === HIDDEN;
  const shownOf = (i: (typeof INDICATORS)[number], m: Measures, p: DigestPeriod): Shown => {
    const v = i.count ? shownCells[cell(i.key, p)] : undefined;
    if (v !== undefined) return v === HIDDEN ? null : v;
    const basis = Object.keys(i.basis?.(m) ?? {}).map((k) => shownCells[cell(k, p)]);
    if (basis.some((b) => b === HIDDEN || b === SMALL)) return null;
    return i.shown(m);
  };

  const figures: Figure[] = INDICATORS.map((i) => {
    const value = shownOf(i, own, q.period);
    return {
      key: i.key,
      group: i.group,
      name: i.name[q.locale],
      unit: i.unit,
      good: i.good,
      value,
      previous: shownOf(i, ownBefore, prev),
      yearAgo: shownOf(i, ownAgo, ago),
      norm: i.norm
        ? {
            text: i.norm.text[q.locale],
            target: i.norm.target,
            kind: i.norm.kind,
            seed: i.norm.seed,
            met: meetsNorm(i.norm, value),
          }
        : null,
      hidden: (
        [
          ["value", q.period],
          ["previous", prev],
          ["yearAgo", ago],
        ] as const
      ).flatMap(([slot, p]) => (isHidden(i, p) ? [slot] : [])),
    };
  });

  const tables: ShownTable[] = specs.map((x) => ({
    title: x.title,
    columns: x.columns,
    rows: x.grid.map((row, r) => ({
      label: x.rowLabels[r] ?? "",
      cells: row.map((_, c) => shownCells[x.key(r, c)] ?? 0),
    })),
  }));

  const digest: Digest = {
    swv,
    audience,
    period: { ...ref(q.period, q.locale), kind: q.period.kind },
    previous: ref(prev, q.locale),
    yearAgo: ref(ago, q.locale),
    figures,
    tables,
    trend: {
      title: t.trendTitle,
      categories: trendPeriods.map((p) => shortLabel(p, q.locale)),
      series: [
        { name: t.seriesSignals, values: trendPeriods.map((p) => shownCells[cell("signals.new", p)] ?? 0) },
        { name: t.seriesCases, values: trendPeriods.map((p) => shownCells[cell("cases.opened", p)] ?? 0) },
        {
          name: t.seriesThuiszitters,
          values: trendPeriods.map((p) => shownCells[cell("thuiszitters.current", p)] ?? 0),
        },
      ],
    },
    story: [],
    ...(q.perSchool
      ? {
          schools: {
            title: t.tableSchools,
            columns: [t.colNewSignals, t.colOpened, t.seriesThuiszitters],
            rows: [
              ...across.schools.flatMap((cells, n) => {
                const row = schoolRows[n];
                if (!row || (audienceKey !== SWV && row.school.boardId !== audienceKey)) return [];
                const label = `${row.school.name} (${row.school.locationCode})`;
                return [{ label, cells: schoolKeys.map((k) => cells[k] ?? 0) }];
              }),
              { label: t.total, cells: schoolKeys.map((k) => shownCells[k] ?? 0) },
            ],
          },
        }
      : {}),
  };
  digest.story = storyOf(digest, q.locale);
  return digest;
}

type ByGroup = Awaited<ReturnType<typeof measureGroups>>;
/** The audience key of the whole SWV, and the group of schools without a board. */
const SWV = "swv";
const NO_BOARD = "";

function of(g: ByGroup, key: string): Measures {
  const m = g.groups.get(key);
  if (!m) throw new Error(`no measures for group ${key}`);
  return m;
}

const cell = (key: string, p: DigestPeriod) => `${key}@${p.key}`;

/** The per-school table's columns: counts of the digest, so a school's cells add up to its board's. */
const SCHOOL_COLUMNS = ["signals.new", "cases.opened", "thuiszitters.current"];

/** The breakdown tables with their totals; the total row's cells are the figures' cells (same key),
 * so a figure and its table total are hidden together. */
function tableSpecs(
  m: Measures,
  period: DigestPeriod,
  t: ReturnType<typeof digestTexts>,
  l: ReturnType<typeof digestLabels>,
) {
  const spec = (
    id: string,
    title: string,
    rowLabels: string[],
    columns: string[],
    cells: number[][],
    totalKeys: string[],
  ) => {
    const { grid, lines } = withTotals(cells, false);
    const key = (r: number, c: number) =>
      r === cells.length ? cell(totalKeys[c] ?? `${id}.total.${c}`, period) : cell(`${id}.${r}.${c}`, period);
    return {
      title,
      columns,
      rowLabels: [...rowLabels, t.total],
      grid,
      key,
      lines: lines.map((line) => line.map(([r, c]) => key(r, c))),
    };
  };
  return [
    spec(
      "table.signals",
      t.tableSignals,
      signalDomains.map((d) => l.domain[d] ?? d),
      [t.colNew, t.colOpen, t.colHandled],
      signalDomains.map((d) => [m.signals.new[d] ?? 0, m.signals.open[d] ?? 0, m.signals.handled[d] ?? 0]),
      ["signals.new", "signals.open", "signals.handled"],
    ),
    spec(
      "table.cases",
      t.tableCases,
      caseForms.map((f) => l.form[f] ?? f),
      [t.colOpened, t.colRunning],
      caseForms.map((f) => [m.cases.opened[f] ?? 0, m.cases.open[f] ?? 0]),
      ["cases.opened", "cases.open"],
    ),
    spec(
      "table.outcomes",
      t.tableOutcomes,
      caseOutcomes.map((o) => l.outcome[o] ?? o),
      [t.colClosed],
      caseOutcomes.map((o) => [m.cases.closed[o] ?? 0]),
      ["cases.closed"],
    ),
  ];
}

interface TrendPoint {
  signals: number;
  cases: number;
  thuiszitters: number;
}

/** New signals, cases opened and thuiszitters at the end, per period, for the SWV and per group
 * of schools: taken from the period's measures when it is measured anyway, else three grouped
 * counts (by school). */
function trendOf(
  db: Db,
  swvId: string,
  groupOf: (schoolId: string) => string,
  periods: DigestPeriod[],
  timeZone: string,
  measured: Map<string, Promise<ByGroup>>,
): Promise<{ all: TrendPoint; groups: Map<string, TrendPoint> }[]> {
  const total = (o: Record<string, number>) => Object.values(o).reduce((s, v) => s + v, 0);
  const point = (m: Measures): TrendPoint => ({
    signals: total(m.signals.new),
    cases: total(m.cases.opened),
    thuiszitters: m.thuiszitters.current,
  });
  return Promise.all(
    periods.map(async (p) => {
      const known = measured.get(p.key);
      if (known) {
        const m = await known;
        return { all: point(m.all), groups: new Map([...m.groups].map(([k, g]) => [k, point(g)])) };
      }
      const { from, to } = instants(p, timeZone);
      const [signals, cases, thuiszitters] = await Promise.all([
        countBy(db, "signal", swvId, [created(from, to)]),
        countBy(db, "case", swvId, [created(from, to)]),
        db.thuiszitter.groupBy({
          by: ["schoolId"],
          where: { swvId, reportedOn: { lte: p.end }, OR: [{ endedOn: null }, { endedOn: { gt: p.end } }] },
          _count: { _all: true },
        }),
      ]);
      const all: TrendPoint = { signals: 0, cases: 0, thuiszitters: 0 };
      const groups = new Map<string, TrendPoint>();
      const add = (rows: { schoolId: string; n: number }[], field: keyof TrendPoint) => {
        for (const r of rows) {
          const key = groupOf(r.schoolId);
          const g = groups.get(key) ?? { signals: 0, cases: 0, thuiszitters: 0 };
          g[field] += r.n;
          groups.set(key, g);
          all[field] += r.n;
        }
      };
      add(signals, "signals");
      add(cases, "cases");
      add(
        thuiszitters.map((t) => ({ schoolId: t.schoolId, n: t._count._all })),
        "thuiszitters",
      );
      return { all, groups };
    }),
  );
}
