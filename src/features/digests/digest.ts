/** One digest: the indicators of a period for an audience (the SWV board or one school board),
 * with the previous period and the same period a year earlier, the breakdown tables, the trend
 * and the story. Every output (chat, `/knoop digest`, CSV, CLI text and JSON) is made from this
 * object, and it holds only suppressed values: nothing in it can show a count of 1-4. */
import type { Locale } from "../../core/i18n.ts";
import type { Db } from "../../store/client.ts";
import { caseForms, caseOutcomes } from "../cases/texts.ts";
import { signalDomains } from "../swv/defaults.ts";
import { INDICATORS, meetsNorm, type Shown, type Unit } from "./catalogue.ts";
import { type Audience, type Measures, measureGroups } from "./measure.ts";
import { type DigestPeriod, instants, periodLabel, previous, shortLabel, yearEarlier } from "./periods.ts";
import { storyOf } from "./story.ts";
import {
  HIDDEN,
  type ShownCell,
  type ShownTable,
  suppressAcrossBoards,
  suppressTable,
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
  let who: Audience = { swvId: q.swvId, schoolIds: null };
  let audience: Digest["audience"] = { kind: "swv" };
  // Every digest measures every board of the SWV (in the same grouped reads): what a board's
  // digest hides is decided over all boards and the SWV total together (suppressAcrossBoards).
  const allSchools = await db.school.findMany({
    where: { swvId: q.swvId },
    select: { id: true, boardId: true },
  });
  const boardOf = new Map(allSchools.map((s) => [s.id, s.boardId ?? NO_BOARD]));
  const groupOf = (schoolId: string) => boardOf.get(schoolId) ?? NO_BOARD;
  const groupKeys = [...new Set(allSchools.flatMap((s) => (s.boardId ? [s.boardId] : [])))];
  let audienceKey = SWV;
  if (q.boardNumber) {
    const board = await db.board.findUnique({ where: { duoNumber: q.boardNumber } });
    const schools = board ? allSchools.filter((s) => s.boardId === board.id) : [];
    if (!board || !schools.length) throw new UnknownBoard(q.boardNumber);
    who = { swvId: q.swvId, schoolIds: schools.map((s) => s.id) };
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
  const [now, before, yearBefore, trend, schools] = await Promise.all([
    measureOnce(q.period),
    measureOnce(prev),
    measureOnce(ago),
    trendOf(db, q.swvId, groupOf, trendPeriods, q.timeZone, measured),
    q.perSchool ? perSchool(db, who, q.period, q.timeZone, t.total, t) : Promise.resolve(undefined),
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
      for (const i of INDICATORS) if (i.count) out[cell(i.key, p)] = i.count(m);
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
  const across = suppressAcrossBoards(
    groupKeys.map(cellsOf),
    cellsOf(SWV),
    specs.flatMap((x) => x.lines),
  );
  const shownCells =
    audienceKey === SWV ? across.total : (across.boards[groupKeys.indexOf(audienceKey)] ?? {});
  const own = audienceKey === SWV ? now.all : of(now, audienceKey);
  const ownBefore = audienceKey === SWV ? before.all : of(before, audienceKey);
  const ownAgo = audienceKey === SWV ? yearBefore.all : of(yearBefore, audienceKey);
  // A count hidden to protect another is not shown (null); nor a rate made from a hidden count.
  const shownOf = (i: (typeof INDICATORS)[number], m: Measures, p: DigestPeriod): Shown => {
    const v = i.count ? shownCells[cell(i.key, p)] : undefined;
    if (v !== undefined) return v === HIDDEN ? null : v;
    const base = RATE_OF[i.key];
    if (base && shownCells[cell(base, p)] === HIDDEN) return null;
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
    ...(schools ? { schools } : {}),
  };
  digest.story = storyOf(digest, q.locale);
  return digest;
}

type ByGroup = { all: Measures; groups: Map<string, Measures> };
/** The audience key of the whole SWV, and the group of schools without a board. */
const SWV = "swv";
const NO_BOARD = "";

function of(g: ByGroup, key: string): Measures {
  const m = g.groups.get(key);
  if (!m) throw new Error(`no measures for group ${key}`);
  return m;
}

const cell = (key: string, p: DigestPeriod) => `${key}@${p.key}`;

/** A rate shown only when its count is: a rate from a hidden count would give it away. */
const RATE_OF: Record<string, string> = { "thuiszitters.per1000": "thuiszitters.current" };

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
        db.signal.groupBy({
          by: ["schoolId"],
          where: { swvId, createdAt: { gte: from, lt: to } },
          _count: { _all: true },
        }),
        db.case.groupBy({
          by: ["schoolId"],
          where: { swvId, createdAt: { gte: from, lt: to } },
          _count: { _all: true },
        }),
        db.thuiszitter.groupBy({
          by: ["schoolId"],
          where: { swvId, reportedOn: { lte: p.end }, OR: [{ endedOn: null }, { endedOn: { gt: p.end } }] },
          _count: { _all: true },
        }),
      ]);
      const all: TrendPoint = { signals: 0, cases: 0, thuiszitters: 0 };
      const groups = new Map<string, TrendPoint>();
      const add = (rows: { schoolId: string; _count: { _all: number } }[], field: keyof TrendPoint) => {
        for (const r of rows) {
          const key = groupOf(r.schoolId);
          const g = groups.get(key) ?? { signals: 0, cases: 0, thuiszitters: 0 };
          g[field] += r._count._all;
          groups.set(key, g);
          all[field] += r._count._all;
        }
      };
      add(signals, "signals");
      add(cases, "cases");
      add(thuiszitters, "thuiszitters");
      return { all, groups };
    }),
  );
}

/** Per school (grouped counts): new signals, cases opened and thuiszitters at the end; schools
 * with nothing to count are left out (they change no total). */
async function perSchool(
  db: Db,
  who: Audience,
  p: DigestPeriod,
  timeZone: string,
  totalLabel: string,
  t: ReturnType<typeof digestTexts>,
): Promise<ShownTable> {
  const { from, to } = instants(p, timeZone);
  const scope = { swvId: who.swvId, ...(who.schoolIds ? { schoolId: { in: who.schoolIds } } : {}) };
  const [schools, signals, cases, tz] = await Promise.all([
    db.school.findMany({
      where: { swvId: who.swvId, ...(who.schoolIds ? { id: { in: who.schoolIds } } : {}) },
      select: { id: true, name: true, locationCode: true },
      orderBy: { name: "asc" },
    }),
    db.signal.groupBy({
      by: ["schoolId"],
      where: { ...scope, createdAt: { gte: from, lt: to } },
      _count: { _all: true },
    }),
    db.case.groupBy({
      by: ["schoolId"],
      where: { ...scope, createdAt: { gte: from, lt: to } },
      _count: { _all: true },
    }),
    db.thuiszitter.groupBy({
      by: ["schoolId"],
      where: { ...scope, reportedOn: { lte: p.end }, OR: [{ endedOn: null }, { endedOn: { gt: p.end } }] },
      _count: { _all: true },
    }),
  ]);
  const of = (rows: { schoolId: string; _count: { _all: number } }[]) =>
    new Map(rows.map((r) => [r.schoolId, r._count._all]));
  const [s, c, z] = [of(signals), of(cases), of(tz)];
  const rows = schools
    .map((x) => ({
      label: `${x.name} (${x.locationCode})`,
      cells: [s.get(x.id) ?? 0, c.get(x.id) ?? 0, z.get(x.id) ?? 0],
    }))
    .filter((r) => r.cells.some((v) => v > 0));
  return suppressTable({
    title: t.tableSchools,
    rowLabels: rows.map((r) => r.label),
    columnLabels: [t.colNewSignals, t.colOpened, t.seriesThuiszitters],
    cells: rows.map((r) => r.cells),
    totalLabel,
    rowTotals: false,
  });
}
