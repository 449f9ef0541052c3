/** When the bot may prompt a person: on one of their working days, inside working hours, never in a
 * school or public holiday, never during a pause (absence). All in the school's time zone, so DST
 * changes are handled by the zone, not by adding hours.
 *
 *   const rules = workingRules({ holidays: schoolHolidays("midden"), workingDays: [1, 2, 4] });
 *   nextWorkingMoment(new Date("2026-12-19T10:00:00Z"), rules) // Mon 4 Jan 2027 08:30 */
import {
  addDays,
  atLocal,
  type DateRange,
  dateIn,
  inRange,
  type LocalDate,
  minutesIn,
  parseClock,
  type Weekday,
  weekday,
} from "./dates.ts";
import { publicDaysOff } from "./holidays.ts";

export interface WorkingRules {
  /** IANA zone of the school, "Europe/Amsterdam". */
  timeZone: string;
  /** Working hours, "HH:MM" local; a moment at `end` is outside them. */
  hours: { start: string; end: string };
  /** The school's holidays (inclusive ranges), e.g. `schoolHolidays(region, overrides)`. */
  holidays: readonly DateRange[];
  /** Public days off; when absent, the Dutch ones (`publicDaysOff`) of each year. */
  publicHolidays?: readonly LocalDate[];
  /** The person's working days, ISO weekdays (1 = Monday); part-timers often have e.g. [1, 2, 4]. */
  workingDays: readonly Weekday[];
  /** Away up to and including this date (t/m): no prompts until the working day after it. */
  pausedUntil?: LocalDate | null;
}

export const DEFAULT_RULES: WorkingRules = {
  timeZone: "Europe/Amsterdam",
  hours: { start: "08:30", end: "16:30" },
  holidays: [],
  workingDays: [1, 2, 3, 4, 5],
};

/** Rules from the defaults with some fields of your own. */
export function workingRules(partial: Partial<WorkingRules> = {}): WorkingRules {
  return { ...DEFAULT_RULES, ...partial };
}

/** A date on which the person can be prompted at all. */
export function isWorkingDay(date: LocalDate, rules: WorkingRules): boolean {
  if (!rules.workingDays.includes(weekday(date))) return false;
  if (rules.pausedUntil && date <= rules.pausedUntil) return false;
  const daysOff = rules.publicHolidays ?? publicDaysOff(Number(date.slice(0, 4)));
  if (daysOff.includes(date)) return false;
  return !rules.holidays.some((h) => inRange(date, h));
}

export function isWorkingMoment(at: Date, rules: WorkingRules): boolean {
  if (!isWorkingDay(dateIn(at, rules.timeZone), rules)) return false;
  const minutes = minutesIn(at, rules.timeZone);
  return parseClock(rules.hours.start) <= minutes && minutes < parseClock(rules.hours.end);
}

/** `at` itself when it is a working moment, else the start of the next working hours. */
export function nextWorkingMoment(at: Date, rules: WorkingRules): Date {
  if (isWorkingMoment(at, rules)) return at;
  const today = dateIn(at, rules.timeZone);
  const beforeStart = minutesIn(at, rules.timeZone) < parseClock(rules.hours.start);
  const day = beforeStart && isWorkingDay(today, rules) ? today : nextWorkingDay(addDays(today, 1), rules);
  return atStartOfHours(day, rules);
}

/** The first working day on or after `date`. Throws when there is none within two years (a person
 * with no working days at all): a prompt that can never go out is a configuration error. */
export function nextWorkingDay(date: LocalDate, rules: WorkingRules): LocalDate {
  let day = date;
  for (let i = 0; i < 731; i++, day = addDays(day, 1)) if (isWorkingDay(day, rules)) return day;
  throw new Error(`no working day within two years after ${date}`);
}

/** `n` working days after `date` (before it when n < 0); `date` itself when n is 0. Only working
 * days count, so for a part-timer "3 working days" can be more than a week. */
export function addWorkingDays(date: LocalDate, n: number, rules: WorkingRules): LocalDate {
  const step = n < 0 ? -1 : 1;
  let day = date;
  for (let left = Math.abs(n), guard = 0; left > 0; guard++) {
    if (guard > 731 * Math.max(1, Math.abs(n))) throw new Error(`no ${n} working days from ${date}`);
    day = addDays(day, step);
    if (isWorkingDay(day, rules)) left--;
  }
  return day;
}

function atStartOfHours(day: LocalDate, rules: WorkingRules): Date {
  return atLocal(day, parseClock(rules.hours.start), rules.timeZone);
}
