/** One digest: the indicators of a period for an audience (the SWV board or one school board),
 * with the previous period and the same period a year earlier, the breakdown tables, the trend
 * and the story. Every output (chat, `/knoop digest`, CSV, CLI text and JSON) is made from this
 * object, and it holds only suppressed values: nothing in it can show a count of 1-4. */
import type { Locale } from "../../core/i18n.ts";
import type { Db } from "../../store/client.ts";
import { caseForms, caseOutcomes } from "../cases/texts.ts";
import { signalDomains } from "../swv/defaults.ts";
import { INDICATORS, meetsNorm, type Shown, type Unit } from "./catalogue.ts";
import { type Audience, type Measures, measure } from "./measure.ts";
import { type DigestPeriod, instants, periodLabel, previous, shortLabel, yearEarlier } from "./periods.ts";
import { storyOf } from "./story.ts";
import { type ShownCount, type ShownTable, showCount, suppressTable } from "./suppression.ts";
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
  trend: { title: string; categories: string[]; series: { name: string; values: ShownCount[] }[] };
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
  if (q.boardNumber) {
    const board = await db.board.findUnique({ where: { duoNumber: q.boardNumber } });
    const schools = board
      ? await db.school.findMany({ where: { swvId: q.swvId, boardId: board.id }, select: { id: true } })
      : [];
    if (!board || !schools.length) throw new UnknownBoard(q.boardNumber);
    who = { swvId: q.swvId, schoolIds: schools.map((s) => s.id) };
    audience = { kind: "board", number: board.duoNumber, name: board.name };
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
  const measured = new Map<string, Promise<Measures>>();
  const measureOnce = (p: DigestPeriod) => {
    let m = measured.get(p.key);
    if (!m) {
      m = measure(db, who, p, q.timeZone);
      measured.set(p.key, m);
    }
    return m;
  };
  const [now, before, yearBefore, trend, schools] = await Promise.all([
    measureOnce(q.period),
    measureOnce(prev),
    measureOnce(ago),
    trendOf(db, who, trendPeriods, q.timeZone, measured),
    q.perSchool ? perSchool(db, who, q.period, q.timeZone, t.total, t) : Promise.resolve(undefined),
  ]);

  const figures: Figure[] = INDICATORS.map((i) => {
    const value = i.shown(now);
    return {
      key: i.key,
      group: i.group,
      name: i.name[q.locale],
      unit: i.unit,
      good: i.good,
      value,
      previous: i.shown(before),
      yearAgo: i.shown(yearBefore),
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

  const tables: ShownTable[] = [
    suppressTable({
      title: t.tableSignals,
      rowLabels: signalDomains.map((d) => l.domain[d] ?? d),
      columnLabels: [t.colNew, t.colOpen, t.colHandled],
      cells: signalDomains.map((d) => [
        now.signals.new[d] ?? 0,
        now.signals.open[d] ?? 0,
        now.signals.handled[d] ?? 0,
      ]),
      totalLabel: t.total,
      rowTotals: false,
    }),
    suppressTable({
      title: t.tableCases,
      rowLabels: caseForms.map((f) => l.form[f] ?? f),
      columnLabels: [t.colOpened, t.colRunning],
      cells: caseForms.map((f) => [now.cases.opened[f] ?? 0, now.cases.open[f] ?? 0]),
      totalLabel: t.total,
      rowTotals: false,
    }),
    suppressTable({
      title: t.tableOutcomes,
      rowLabels: caseOutcomes.map((o) => l.outcome[o] ?? o),
      columnLabels: [t.colClosed],
      cells: caseOutcomes.map((o) => [now.cases.closed[o] ?? 0]),
      totalLabel: t.total,
      rowTotals: false,
    }),
  ];

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
        { name: t.seriesSignals, values: trend.map((x) => showCount(x.signals)) },
        { name: t.seriesCases, values: trend.map((x) => showCount(x.cases)) },
        { name: t.seriesThuiszitters, values: trend.map((x) => showCount(x.thuiszitters)) },
      ],
    },
    story: [],
    ...(schools ? { schools } : {}),
  };
  digest.story = storyOf(digest, q.locale);
  return digest;
}

/** New signals, cases opened and thuiszitters at the end, per period: taken from the period's
 * measures when it is measured anyway, else three counts. */
function trendOf(
  db: Db,
  who: Audience,
  periods: DigestPeriod[],
  timeZone: string,
  measured: Map<string, Promise<Measures>>,
) {
  const scope = { swvId: who.swvId, ...(who.schoolIds ? { schoolId: { in: who.schoolIds } } : {}) };
  const total = (o: Record<string, number>) => Object.values(o).reduce((s, v) => s + v, 0);
  return Promise.all(
    periods.map(async (p) => {
      const known = measured.get(p.key);
      if (known) {
        const m = await known;
        return {
          signals: total(m.signals.new),
          cases: total(m.cases.opened),
          thuiszitters: m.thuiszitters.current,
        };
      }
      const { from, to } = instants(p, timeZone);
      const [signals, cases, thuiszitters] = await Promise.all([
        db.signal.count({ where: { ...scope, createdAt: { gte: from, lt: to } } }),
        db.case.count({ where: { ...scope, createdAt: { gte: from, lt: to } } }),
        db.thuiszitter.count({
          where: {
            ...scope,
            reportedOn: { lte: p.end },
            OR: [{ endedOn: null }, { endedOn: { gt: p.end } }],
          },
        }),
      ]);
      return { signals, cases, thuiszitters };
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
