/** Calendar dates without a time ("2026-12-01"), and the step from such a date to an instant in a
 * time zone. Cycles reason in local dates (a due date is a day at the school, not an instant), so
 * everything here works on "YYYY-MM-DD" strings, which also sort and compare as strings. */
import { parseLocal, wallClock } from "../../core/format.ts";

/** "YYYY-MM-DD", a day in the calendar of the school's time zone. */
export type LocalDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** An inclusive range of days (t/m), as the holiday sources give them. */
export interface DateRange {
  start: LocalDate;
  end: LocalDate;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day in the "YYYY-MM-DD" form (rejects 2027-02-30). */
export function isLocalDate(value: string): boolean {
  if (!LOCAL_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Builds a LocalDate from numbers (month 1-12); day and month may overflow, like Date.UTC. */
export function localDate(year: number, month: number, day: number): LocalDate {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, n: number): LocalDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function weekday(date: LocalDate): Weekday {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (day === 0 ? 7 : day) as Weekday;
}

export function inRange(date: LocalDate, range: DateRange): boolean {
  return range.start <= date && date <= range.end;
}

/** The local date of an instant in `timeZone`. */
export function dateIn(at: Date, timeZone: string): LocalDate {
  const p = wallClock(at, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Minutes since local midnight of an instant in `timeZone` (08:30 is 510). */
export function minutesIn(at: Date, timeZone: string): number {
  const p = wallClock(at, timeZone);
  return Number(p.hour) * 60 + Number(p.minute);
}

/** "08:30" as minutes since midnight; throws on anything else (a programming error, not user input). */
export function parseClock(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`not a time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** The instant of a local date and wall-clock time in `timeZone` (right across DST changes). */
export function atLocal(date: LocalDate, minutes: number, timeZone: string): Date {
  const at = parseLocal(`${date}T${formatClock(minutes)}`, timeZone);
  if (!at) throw new Error(`not a local date: ${date}`);
  return at;
}
