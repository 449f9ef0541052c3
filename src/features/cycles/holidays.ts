/** School holidays and public holidays.
 * - School holidays: the government's advice per region (data/holidays/nl-schoolvakanties.json),
 *   with an SWV's own ranges merged over it (`schoolHolidays(region, overrides)`).
 * - Public holidays: computed from Easter for any year (`publicHolidays(year)`).
 * - DUO's `VAKANTIEREGIO` column ("Noord", "Midden", "Zuid") maps to a region (`regionFromDuo`). */

import advice from "../../../data/holidays/nl-schoolvakanties.json" with { type: "json" };
import type { Locale } from "../../core/i18n.ts";
import { addDays, type DateRange, dateIn, isLocalDate, type LocalDate, localDate, weekday } from "./dates.ts";
import { firstYear, schoolYearOf } from "./periods.ts";
import { texts } from "./texts.ts";

export type HolidayRegion = "noord" | "midden" | "zuid";
export const HOLIDAY_REGIONS: readonly HolidayRegion[] = ["noord", "midden", "zuid"];

/** The five advised holidays; an SWV may add kinds of its own (e.g. "carnaval"). */
export type VacationKind = "herfst" | "kerst" | "voorjaar" | "mei" | "zomer";

export interface SchoolHoliday extends DateRange {
  schoolYear: string;
  kind: VacationKind | string;
  name: { nl: string; en: string };
  /** "advies": the government's advice; "swv": the SWV's own range. */
  origin: "advies" | "swv";
}

/** An SWV's own range: replaces the advised range of the same school year and kind, or is added. */
export interface HolidayOverride extends DateRange {
  schoolYear: string;
  kind: VacationKind | string;
  name?: { nl: string; en: string };
}

const NAMES: Record<VacationKind, { nl: string; en: string }> = {
  herfst: { nl: "Herfstvakantie", en: "Autumn holiday" },
  kerst: { nl: "Kerstvakantie", en: "Christmas holiday" },
  voorjaar: { nl: "Voorjaarsvakantie", en: "Spring holiday" },
  mei: { nl: "Meivakantie", en: "May holiday" },
  zomer: { nl: "Zomervakantie", en: "Summer holiday" },
};

/** The source file's shape (Rijksoverheid open data, info type schoolholidays). */
interface SourceFile {
  schoolyears: {
    content: {
      schoolyear: string;
      vacations: { type: string; regions: { region: string; startdate: string; enddate: string }[] }[];
    }[];
  }[];
}

/** The advised holidays of the bundled file, per region, oldest first. */
export function advisedHolidays(region: HolidayRegion, file: SourceFile = advice): SchoolHoliday[] {
  const out: SchoolHoliday[] = [];
  for (const year of file.schoolyears) {
    const content = year.content[0];
    if (!content) continue;
    const schoolYear = content.schoolyear.replace(/\s/g, "");
    for (const vacation of content.vacations) {
      const kind = kindOf(vacation.type);
      // "heel Nederland" is the source's name for dates that hold in every region.
      const range =
        vacation.regions.find((r) => r.region.trim().toLowerCase() === region) ??
        vacation.regions.find((r) => r.region.trim().toLowerCase() === "heel nederland");
      if (!kind || !range) continue;
      const start = localDateOf(range.startdate);
      const end = localDateOf(range.enddate);
      out.push({ schoolYear, kind, name: NAMES[kind], start, end, origin: "advies" });
    }
  }
  return out.sort((a, b) => a.start.localeCompare(b.start));
}

/** The school years the bundled file covers, e.g. ["2025-2026", "2026-2027"]. */
export function adviceSchoolYears(file: SourceFile = advice): string[] {
  return file.schoolyears.flatMap((y) => y.content.map((c) => c.schoolyear.replace(/\s/g, "")));
}

/** The school holidays of a region with an SWV's overrides merged over the advice. Overrides are
 * expected to be valid (check them with `overrideProblems` where they are entered). */
export function schoolHolidays(
  region: HolidayRegion,
  overrides: readonly HolidayOverride[] = [],
): SchoolHoliday[] {
  const own = (o: HolidayOverride): SchoolHoliday => ({
    schoolYear: o.schoolYear,
    kind: o.kind,
    name: o.name ?? NAMES[o.kind as VacationKind] ?? { nl: o.kind, en: o.kind },
    start: o.start,
    end: o.end,
    origin: "swv",
  });
  const replaced = (h: SchoolHoliday) =>
    overrides.some((o) => o.schoolYear === h.schoolYear && o.kind === h.kind);
  return [...advisedHolidays(region).filter((h) => !replaced(h)), ...overrides.map(own)].sort((a, b) =>
    a.start.localeCompare(b.start),
  );
}

/** What is wrong with an override, in the reader's language; empty when it is fine. */
export function overrideProblems(o: HolidayOverride, locale: Locale): string[] {
  const t = texts(locale);
  const problems: string[] = [];
  let schoolYearOk = true;
  try {
    firstYear(o.schoolYear);
  } catch {
    schoolYearOk = false;
    problems.push(t.badSchoolYear({ value: o.schoolYear }));
  }
  if (!/^[a-z][a-z-]{0,30}$/.test(o.kind)) problems.push(t.badKind);
  const startOk = isLocalDate(o.start);
  const endOk = isLocalDate(o.end);
  if (!startOk) problems.push(t.badDate({ field: t.startField, value: o.start }));
  if (!endOk) problems.push(t.badDate({ field: t.endField, value: o.end }));
  if (!startOk || !endOk) return problems;
  if (o.end < o.start) problems.push(t.endBeforeStart({ start: o.start, end: o.end }));
  else if (o.end > addDays(o.start, 8 * 7)) problems.push(t.tooLong);
  if (schoolYearOk && schoolYearOf(o.start) !== o.schoolYear)
    problems.push(t.outsideSchoolYear({ schoolYear: o.schoolYear }));
  return problems;
}

/** DUO's VAKANTIEREGIO ("Noord", "Midden", "Zuid") as a region; null for anything else. */
export function regionFromDuo(value: string | null | undefined): HolidayRegion | null {
  const v = (value ?? "").trim().toLowerCase();
  return HOLIDAY_REGIONS.find((r) => r === v) ?? null;
}

/** The file holds local dates; a timestamp pasted from the source ("2026-10-09T22:00:00.000Z") is
 * read as the day it is in Amsterdam. */
function localDateOf(value: string): LocalDate {
  return value.includes("T") ? dateIn(new Date(value), "Europe/Amsterdam") : value;
}

function kindOf(type: string): VacationKind | null {
  const t = type.trim().toLowerCase();
  return (Object.keys(NAMES) as VacationKind[]).find((k) => t.startsWith(k)) ?? null;
}

// ---- Public holidays ----

export interface PublicHoliday {
  date: LocalDate;
  key: string;
  name: { nl: string; en: string };
  /** A day off for schools and offices. Bevrijdingsdag is one only in lustrum years (2025, 2030). */
  dayOff: boolean;
}

/** Easter Sunday of the Gregorian calendar (the anonymous algorithm of Meeus, Jones and Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return localDate(year, month, day);
}

/** The Dutch public holidays of a calendar year, in date order. */
export function publicHolidays(year: number): PublicHoliday[] {
  const easter = easterSunday(year);
  const kingsDay = localDate(year, 4, 27);
  const lustrum = year % 5 === 0;
  const day = (date: LocalDate, key: string, nl: string, en: string, dayOff = true): PublicHoliday => ({
    date,
    key,
    name: { nl, en },
    dayOff,
  });
  return [
    day(localDate(year, 1, 1), "nieuwjaarsdag", "Nieuwjaarsdag", "New Year's Day"),
    day(addDays(easter, -2), "goede-vrijdag", "Goede Vrijdag", "Good Friday"),
    day(easter, "eerste-paasdag", "Eerste Paasdag", "Easter Sunday"),
    day(addDays(easter, 1), "tweede-paasdag", "Tweede Paasdag", "Easter Monday"),
    // On a Sunday, Koningsdag moves to the Saturday before.
    day(
      weekday(kingsDay) === 7 ? localDate(year, 4, 26) : kingsDay,
      "koningsdag",
      "Koningsdag",
      "King's Day",
    ),
    day(
      localDate(year, 5, 5),
      "bevrijdingsdag",
      lustrum ? "Bevrijdingsdag (lustrum: vrije dag)" : "Bevrijdingsdag",
      lustrum ? "Liberation Day (lustrum: day off)" : "Liberation Day",
      lustrum,
    ),
    day(addDays(easter, 39), "hemelvaartsdag", "Hemelvaartsdag", "Ascension Day"),
    day(addDays(easter, 49), "eerste-pinksterdag", "Eerste Pinksterdag", "Whit Sunday"),
    day(addDays(easter, 50), "tweede-pinksterdag", "Tweede Pinksterdag", "Whit Monday"),
    day(localDate(year, 12, 25), "eerste-kerstdag", "Eerste Kerstdag", "Christmas Day"),
    day(localDate(year, 12, 26), "tweede-kerstdag", "Tweede Kerstdag", "Boxing Day"),
  ].sort((a, b) => a.date.localeCompare(b.date));
}

const daysOffCache = new Map<number, readonly LocalDate[]>();

/** The public holidays of a year that are days off, as dates. */
export function publicDaysOff(year: number): readonly LocalDate[] {
  let days = daysOffCache.get(year);
  if (!days) {
    days = publicHolidays(year)
      .filter((h) => h.dayOff)
      .map((h) => h.date);
    daysOffCache.set(year, days);
  }
  return days;
}
