import type { Locale } from "./i18n.ts";

const tag = (locale: Locale) => (locale === "en" ? "en-GB" : "nl-NL");

// Building an Intl formatter costs about 0.2 ms, and a job formats thousands of dates: one formatter
// per kind, language and zone, kept for good (a handful of zones and two languages).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: "date" | "time", locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${locale}|${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      tag(locale),
      kind === "date"
        ? { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone }
        : { hour: "2-digit", minute: "2-digit", timeZone },
    );
    formatters.set(key, format);
  }
  return format;
}

/** "ma 23 nov. 2026" */
export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  return formatter("date", locale, timeZone).format(date);
}

/** "ma 23 nov. 2026 14:30" */
export function formatDateTime(date: Date, locale: Locale, timeZone: string): string {
  return `${formatDate(date, locale, timeZone)} ${formatter("time", locale, timeZone).format(date)}`;
}

/** The calendar date (YYYY-MM-DD) of `date` in `timeZone`. */
export function isoDay(date: Date, timeZone: string): string {
  const p = wallClock(date, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

// Building an Intl formatter costs about 0.2 ms; schedules ask thousands of times: one per zone.
const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock parts (year, month, day, hour, minute, second; zero-padded) of an instant in a zone. */
export function wallClock(date: Date, timeZone: string): Record<string, string> {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    wallClocks.set(timeZone, format);
  }
  return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}

/** Parses "2026-11-23" or "2026-11-23T14:30" as a time in `timeZone`; null when invalid. */
export function parseLocal(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00"] = m;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  // The offset of the zone at that moment (twice, to settle around DST changes).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) guess = asUtc - offsetMs(new Date(guess), timeZone);
  const result = new Date(guess);
  return isoDay(result, timeZone) === `${y}-${mo}-${d}` ? result : null; // rejects 2026-02-30
}

function offsetMs(date: Date, timeZone: string): number {
  const parts = wallClock(date, timeZone);
  const n = (type: string) => Number(parts[type]);
  const local = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return local - Math.floor(date.getTime() / 1000) * 1000;
}

/** The next working day (Mon-Fri) after `date`'s calendar day in `timeZone`, as YYYY-MM-DD. */
export function nextWorkingDay(date: Date, timeZone: string): string {
  const day = new Date(`${isoDay(date, timeZone)}T12:00:00Z`);
  do day.setUTCDate(day.getUTCDate() + 1);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6);
  return day.toISOString().slice(0, 10);
}
