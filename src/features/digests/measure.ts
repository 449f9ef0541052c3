/** The raw figures of one period, straight from the store: grouped counts in the database, and
 * for lead times only the moments of the period's own rows (durations.ts). A fixed number of
 * queries whatever the size of the SWV (bench: `npm run bench:digest`). Everything is measured as it stood
 * at the end of the period (events after it are ignored), so a digest of a past period never
 * changes. Only codes, dates, states and outcomes are read: never free text or pupil references,
 * so closed (and later anonymised) cases still count in their period. */
import type { Db } from "../../store/client.ts";
import { caseForms, caseOutcomes } from "../cases/texts.ts";
import { addDays, type LocalDate } from "../cycles/dates.ts";
import { schoolYearOf } from "../cycles/periods.ts";
import { signalDomains } from "../swv/defaults.ts";
import { closed, countBy, created, openAt, overdueBySchool } from "./counts.ts";
import { readDurations } from "./durations.ts";
import { type DigestPeriod, instants } from "./periods.ts";
import { DAY_MS, type Spread, spread } from "./stats.ts";

export type ByKey = Record<string, number>;

export interface Measures {
  signals: { new: ByKey; open: ByKey; handled: ByKey };
  cases: { opened: ByKey; open: ByKey; closed: ByKey };
  lead: { signalToCase: Spread; caseToMeeting: Spread; caseDuration: Spread; scheduling: Spread };
  overdueActions: number;
  thuiszitters: {
    current: number;
    new: number;
    ended: number;
    pupils: number;
    placeDue: number;
    placeMet: number;
    oppDue: number;
    oppMet: number;
    longestDays: number | null;
    beyond3m: number;
  };
  cycles: {
    schools: number;
    sopCurrent: number;
    jaarplanDue: number;
    jaarplanHeld: number;
    regDue: number;
    regOnTime: number;
  };
  checkins: { due: number; answered: number; timeToAnswer: Spread };
}

const zeros = (keys: readonly string[]): ByKey => Object.fromEntries(keys.map((k) => [k, 0]));

function tally(keys: readonly string[], groups: { key: string | null; n: number }[]): ByKey {
  const out = zeros(keys);
  for (const g of groups) {
    const k = g.key ?? "onbekend";
    out[k] = (out[k] ?? 0) + g.n;
  }
  return out;
}

/** The measures of the whole SWV and of every group of its schools (the school boards, by
 * `groupOf`), from the same grouped reads (by school, then added up per group): the query count
 * does not grow with the number of boards. */
export async function measureGroups(
  db: Db,
  swvId: string,
  groupOf: (schoolId: string) => string,
  keys: string[],
  period: DigestPeriod,
  timeZone: string,
): Promise<{ all: Measures; groups: Map<string, Measures>; schools: Map<string, SchoolCounts> }> {
  const raw = await read(db, swvId, period, timeZone);
  const parts = split(raw, groupOf, keys);
  const groups = new Map<string, Measures>();
  for (const [key, part] of parts) groups.set(key, assemble(part));
  return { all: assemble(raw), groups, schools: schoolCounts(raw) };
}

/** The per-school table's counts (SWV staff): new signals, cases opened, thuiszitters at the end. */
export interface SchoolCounts {
  signals: number;
  cases: number;
  thuiszitters: number;
}

/** Per school, from the rows read for the measures (no queries of its own). */
function schoolCounts(raw: Raw): Map<string, SchoolCounts> {
  const out = new Map<string, SchoolCounts>();
  const add = (schoolId: string, field: keyof SchoolCounts, n: number) => {
    const c = out.get(schoolId) ?? { signals: 0, cases: 0, thuiszitters: 0 };
    c[field] += n;
    out.set(schoolId, c);
  };
  for (const g of raw.sigNew) add(g.schoolId, "signals", g.n);
  for (const g of raw.caseOpened) add(g.schoolId, "cases", g.n);
  for (const t of raw.thuiszitters) if (t.current) add(t.schoolId, "thuiszitters", 1);
  return out;
}

type Raw = Awaited<ReturnType<typeof read>>;

/** The rows read, split by group of schools in one pass (each group's rows are then assembled on
 * their own: filtering every row per group made the digest's JavaScript grow with boards × rows).
 * Rows without a school (SWV-wide) belong to no group. */
function split(raw: Raw, groupOf: (schoolId: string) => string, keys: string[]): Map<string, Raw> {
  const by = <T>(rows: T[], schoolOf: (row: T) => string | null | undefined): Map<string, T[]> => {
    const out = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) {
      const school = schoolOf(row);
      if (school != null) out.get(groupOf(school))?.push(row);
    }
    return out;
  };
  const own = (r: { schoolId: string | null }) => r.schoolId;
  const parts = {
    sigNew: by(raw.sigNew, own),
    sigOpen: by(raw.sigOpen, own),
    sigHandled: by(raw.sigHandled, own),
    caseOpened: by(raw.caseOpened, own),
    caseOpen: by(raw.caseOpen, own),
    converted: by(raw.converted, own),
    closed: by(raw.closed, own),
    firstMeetings: by(raw.firstMeetings, own),
    scheduled: by(raw.scheduled, own),
    checkins: by(raw.checkins, own),
    overdue: by(raw.overdue, own),
    thuiszitters: by(raw.thuiszitters, own),
    schools: by(raw.schools, (x) => x.id),
    sop: by(raw.sop, own),
    yearCheckins: by(raw.yearCheckins, own),
  };
  return new Map(
    keys.map((k): [string, Raw] => [
      k,
      Object.fromEntries(Object.entries(parts).map(([field, m]) => [field, m.get(k) ?? []])) as Raw,
    ]),
  );
}

/** Every row and group the measures need, each with its school. */
async function read(db: Db, swvId: string, period: DigestPeriod, timeZone: string) {
  const { from, to } = instants(period, timeZone);
  const scope = { swvId };
  const end = period.end;
  const thuiszitterScope = {
    ...scope,
    reportedOn: { lte: end },
    OR: [{ endedOn: null }, { endedOn: { gte: addDays(period.start, -120) } }],
  };

  const rows = await allOf({
    sigNew: countBy(db, "signal", swvId, [created(from, to)]),
    sigOpen: countBy(db, "signal", swvId, openAt(to)),
    // Handled: closed, or turned into a case (both set closedAt).
    sigHandled: countBy(db, "signal", swvId, [closed(from, to)]),
    caseOpened: countBy(db, "case", swvId, [created(from, to)]),
    caseOpen: countBy(db, "case", swvId, openAt(to)),
    // Overdue at the end: still open, or done only after the period; per school (counts.ts).
    overdue: overdueBySchool(db, swvId, to),
    thuiszitters: db.thuiszitter.findMany({
      where: thuiszitterScope,
      select: {
        id: true,
        schoolId: true,
        absentSince: true,
        reportedOn: true,
        endedOn: true,
        offer: true,
        opp: true,
      },
    }),
    schools: db.school.findMany({
      where: { swvId, active: true },
      select: { id: true, pupilCount: true },
    }),
    // Schools with an SOP answered in this school year or the one before (some SWVs check every 2 years).
    sop: db.cycleInstance.groupBy({
      by: ["schoolId"],
      where: {
        ...scope,
        momentKey: "sop",
        state: "answered",
        answeredAt: { lt: to },
        periodKey: { in: [schoolYearOf(end), previousSchoolYear(end)] },
      },
      _count: { _all: true },
    }),
    // Cycle moments due in the twelve months up to the period's end.
    yearCheckins: db.cycleInstance.groupBy({
      by: ["momentKey", "state", "late", "schoolId"],
      where: {
        ...scope,
        momentKey: { in: ["jaarverslag", "thuiszitters"] },
        dueOn: { gt: addDays(end, -365), lte: end },
      },
      _count: { _all: true },
    }),
    offerEvents: db.thuiszitterEvent.findMany({
      where: {
        thuiszitter: thuiszitterScope,
        type: { in: ["confirmed", "updated", "ended"] },
        at: { lt: to },
      },
      select: { thuiszitterId: true, type: true, data: true, at: true },
      orderBy: { at: "asc" },
    }),
    durations: readDurations(db, swvId, from, to, period.start, end),
  });
  const { durations, thuiszitters, offerEvents, ...rest } = rows;
  return { ...rest, thuiszitters: thuiszitterFacts(period, thuiszitters, offerEvents), ...durations };
}

/** Every promise of the object at once, as an object of their results. */
async function allOf<T extends Record<string, PromiseLike<unknown>>>(
  parts: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const keys = Object.keys(parts);
  const values = await Promise.all(keys.map((k) => parts[k]));
  return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as { [K in keyof T]: Awaited<T[K]> };
}

/** The measures of the rows read (of the whole SWV, or of one group's rows from `split`). Rows
 * without a school (SWV-wide) count in the SWV's cycle figures only. */
function assemble(raw: Raw): Measures {
  const schools = raw.schools;
  const pupils = schools.reduce((n, x) => n + (x.pupilCount ?? 0), 0);
  const days = (rows: { days: number[] }[]) => spread(...rows.map((r) => r.days));
  return {
    signals: {
      new: tally(signalDomains, raw.sigNew),
      open: tally(signalDomains, raw.sigOpen),
      handled: tally(signalDomains, raw.sigHandled),
    },
    cases: {
      opened: tally(caseForms, raw.caseOpened),
      open: tally(caseForms, raw.caseOpen),
      closed: tally(
        caseOutcomes,
        raw.closed.map((c) => ({ key: c.outcome, n: c.days.length })),
      ),
    },
    lead: {
      signalToCase: days(raw.converted),
      caseToMeeting: days(raw.firstMeetings),
      caseDuration: days(raw.closed),
      scheduling: days(raw.scheduled),
    },
    overdueActions: raw.overdue.reduce((sum, g) => sum + g.n, 0),
    thuiszitters: thuiszitterFigures(raw.thuiszitters, pupils),
    cycles: cycleFigures(schools.length, raw.sop.length, raw.yearCheckins),
    checkins: {
      due: raw.checkins.reduce((n, c) => n + c.due, 0),
      answered: raw.checkins.reduce((n, c) => n + c.answered.length, 0),
      timeToAnswer: spread(...raw.checkins.map((c) => c.answered)),
    },
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list) list.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}

const previousSchoolYear = (day: LocalDate) => schoolYearOf(addDays(day, -365));

const addMonths = (day: LocalDate, n: number): LocalDate => {
  const [y = 0, m = 1, d = 1] = day.split("-").map(Number);
  const idx = m - 1 + n;
  const year = y + Math.floor(idx / 12);
  const last = new Date(Date.UTC(year, (idx % 12) + 1, 0)).getUTCDate();
  return `${year}-${String((idx % 12) + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
};

const dayDiff = (a: LocalDate, b: LocalDate) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

interface TzRow {
  id: string;
  schoolId: string;
  absentSince: string;
  reportedOn: string;
  endedOn: string | null;
  offer: string;
  opp: boolean;
}

/** What one thuiszitter adds to the period's figures, decided once per period (the SWV's and
 * every board's figures are sums of these). */
interface TzFact {
  schoolId: string;
  current: boolean;
  reported: boolean;
  ended: boolean;
  /** The 6-week deadline (report + 42 days) fell in the period. */
  due: boolean;
  placeMet: boolean;
  opp: boolean;
  /** Days since the absence began, at the period's end (the longest counts for current ones). */
  absentDays: number;
  beyond3m: boolean;
}

/** Thuiszitters as they stood at the period's end. The 6-week clocks (place, OPP) are judged for
 * those whose deadline (report + 42 days) fell in the period: a full offer ("volledig") recorded
 * by the deadline, or ended by then, meets the place norm; the OPP is recorded with the report. */
function thuiszitterFacts(
  period: DigestPeriod,
  rows: TzRow[],
  events: { thuiszitterId: string; type: string; data: string | null; at: Date }[],
): TzFact[] {
  const end = period.end;
  // Each thuiszitter's events that name an offer, oldest first, with the day they were made.
  const offersOf = groupBy(
    events.flatMap((e) => {
      const offer = offerOf(e.data);
      return offer === null
        ? []
        : [{ id: e.thuiszitterId, type: e.type, offer, day: e.at.toISOString().slice(0, 10) }];
    }),
    (e) => e.id,
  );
  const offerBy = (r: TzRow, day: LocalDate): string => {
    const withOffer = offersOf.get(r.id);
    if (!withOffer) return r.offer;
    const upTo = withOffer.filter((e) => e.day <= day);
    const last = upTo[upTo.length - 1];
    if (last?.offer) return last.offer;
    // Not changed before the first event that names an offer: a "confirmed" kept the report's offer.
    const first = withOffer[0];
    return first?.type === "confirmed" && first.offer ? first.offer : "onbekend";
  };
  return rows.map((r) => {
    const current = r.reportedOn <= end && (r.endedOn === null || r.endedOn > end);
    const deadline = addDays(r.reportedOn, 42);
    const due = deadline >= period.start && deadline <= end;
    return {
      schoolId: r.schoolId,
      current,
      reported: r.reportedOn >= period.start && r.reportedOn <= end,
      ended: r.endedOn !== null && r.endedOn >= period.start && r.endedOn <= end,
      due,
      placeMet: due && ((r.endedOn !== null && r.endedOn <= deadline) || offerBy(r, deadline) === "volledig"),
      opp: r.opp,
      absentDays: dayDiff(r.absentSince, end),
      beyond3m: current && addMonths(r.reportedOn, 3) < end && offerBy(r, end) === "geen",
    };
  });
}

function thuiszitterFigures(facts: TzFact[], pupils: number) {
  const count = (f: (t: TzFact) => boolean) => facts.reduce((n, t) => n + (f(t) ? 1 : 0), 0);
  const current = facts.filter((t) => t.current);
  const due = count((t) => t.due);
  return {
    current: current.length,
    new: count((t) => t.reported),
    ended: count((t) => t.ended),
    pupils,
    placeDue: due,
    placeMet: count((t) => t.placeMet),
    oppDue: due,
    oppMet: count((t) => t.due && t.opp),
    longestDays: current.length ? current.reduce((m, t) => Math.max(m, t.absentDays), -Infinity) : null,
    beyond3m: count((t) => t.beyond3m),
  };
}

function offerOf(data: string | null): string | null {
  if (!data) return null;
  try {
    const v = (JSON.parse(data) as { offer?: unknown }).offer;
    return typeof v === "string" ? v : null;
  } catch {
    return null;
  }
}

function cycleFigures(
  schools: number,
  sopCurrent: number,
  groups: { momentKey: string; state: string; late: boolean; _count: { _all: number } }[],
) {
  const sum = (f: (g: (typeof groups)[number]) => boolean) =>
    groups.filter(f).reduce((s, g) => s + g._count._all, 0);
  return {
    schools,
    sopCurrent,
    jaarplanDue: sum((g) => g.momentKey === "jaarverslag" && g.state !== "waived"),
    jaarplanHeld: sum((g) => g.momentKey === "jaarverslag" && g.state === "answered"),
    regDue: sum((g) => g.momentKey === "thuiszitters" && g.state !== "waived"),
    regOnTime: sum((g) => g.momentKey === "thuiszitters" && g.state === "answered" && !g.late),
  };
}
