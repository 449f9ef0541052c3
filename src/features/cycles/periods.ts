/** Periods of a cycle moment: the school year (1 August to 31 July) cut into equal spans
 * (quarters Aug-Oct, Nov-Jan, Feb-Apr, May-Jul; halves Aug-Jan, Feb-Jul; or the whole year), each
 * with the window in which the moment is open and due. Every date belongs to exactly one period.
 *
 *   const p = periodFor(momentByKey("thuiszitters")!, "2026-12-01");
 *   p.key === "2026-2027-Q2"; p.opens === "2026-12-01"; p.due === "2026-12-31" */
import { addDays, type LocalDate, localDate } from "./dates.ts";
import { type CycleMoment, type MonthDay, periodsPerYear } from "./moments.ts";

export interface Period {
  momentKey: CycleMoment["key"];
  /** Stable key: "2026-2027" (yearly), "2026-2027-H1" (half-yearly), "2026-2027-Q2" (quarterly). */
  key: string;
  /** "2026-2027" */
  schoolYear: string;
  /** 0-based position in the school year. */
  index: number;
  /** The span of the school year this period covers (inclusive). */
  start: LocalDate;
  end: LocalDate;
  /** Local dates in the school's time zone (Europe/Amsterdam): the day it opens and the day it is due. */
  opens: LocalDate;
  due: LocalDate;
}

/** "2026-2027" for any date from 2026-08-01 to 2027-07-31. */
export function schoolYearOf(date: LocalDate): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const first = month >= 8 ? year : year - 1;
  return `${first}-${first + 1}`;
}

/** The first calendar year of a school year key ("2026-2027" gives 2026); throws when malformed. */
export function firstYear(schoolYear: string): number {
  const m = /^(\d{4})-(\d{4})$/.exec(schoolYear);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) throw new Error(`not a school year: ${schoolYear}`);
  return Number(m[1]);
}

/** All periods of a moment in a school year, in order: the whole year at a glance. */
export function periodsOfSchoolYear(moment: CycleMoment, schoolYear: string): Period[] {
  const year = firstYear(schoolYear);
  const count = periodsPerYear(moment.frequency);
  const months = 12 / count;
  return moment.windows.slice(0, count).map((window, index) => ({
    momentKey: moment.key,
    key: periodKey(schoolYear, count, index),
    schoolYear,
    index,
    start: localDate(year, 8 + months * index, 1),
    end: addDays(localDate(year, 8 + months * (index + 1), 1), -1),
    opens: dayInSchoolYear(year, window.opens),
    due: dayInSchoolYear(year, window.due),
  }));
}

/** The period of `moment` that `date` falls in. */
export function periodFor(moment: CycleMoment, date: LocalDate): Period {
  const found = periodsOfSchoolYear(moment, schoolYearOf(date)).find((p) => p.start <= date && date <= p.end);
  if (!found) throw new Error(`no period of ${moment.key} holds ${date}`);
  return found;
}

/** The period after `period` (the first of the next school year after the last one). */
export function nextPeriod(moment: CycleMoment, period: Period): Period {
  return periodFor(moment, addDays(period.end, 1));
}

/** Looks a period up by its key ("2026-2027-Q2"); undefined when the key does not fit the moment. */
export function periodByKey(moment: CycleMoment, key: string): Period | undefined {
  const schoolYear = key.slice(0, 9);
  try {
    return periodsOfSchoolYear(moment, schoolYear).find((p) => p.key === key);
  } catch {
    return undefined;
  }
}

function periodKey(schoolYear: string, count: number, index: number): string {
  if (count === 1) return schoolYear;
  return `${schoolYear}-${count === 4 ? "Q" : "H"}${index + 1}`;
}

function dayInSchoolYear(firstYear: number, monthDay: MonthDay): LocalDate {
  const month = Number(monthDay.slice(0, 2));
  const day = Number(monthDay.slice(3, 5));
  return localDate(month >= 8 ? firstYear : firstYear + 1, month, day);
}
