/** Digest periods: a calendar month ("2026-11"), a calendar quarter ("2026-Q4") or a school year
 * ("2026-2027", 1 August to 31 July). Each has its previous period and the same period a year
 * earlier. Spans are local dates (inclusive); `from`/`to` are the instants in the SWV's time zone
 * (`to` exclusive: the start of the next period). */
import { addDays, atLocal, type LocalDate, localDate } from "../cycles/dates.ts";
import { schoolYearOf } from "../cycles/periods.ts";

export type PeriodKind = "maand" | "kwartaal" | "schooljaar";
export const periodKinds: readonly PeriodKind[] = ["maand", "kwartaal", "schooljaar"];

export interface DigestPeriod {
  kind: PeriodKind;
  key: string;
  start: LocalDate;
  end: LocalDate;
}

const monthEnd = (y: number, m: number) => addDays(localDate(y + Math.floor(m / 12), (m % 12) + 1, 1), -1);

function month(y: number, m: number): DigestPeriod {
  return {
    kind: "maand",
    key: `${y}-${String(m).padStart(2, "0")}`,
    start: localDate(y, m, 1),
    end: monthEnd(y, m),
  };
}

function quarter(y: number, q: number): DigestPeriod {
  return { kind: "kwartaal", key: `${y}-Q${q}`, start: localDate(y, q * 3 - 2, 1), end: monthEnd(y, q * 3) };
}

function schoolYear(first: number): DigestPeriod {
  return {
    kind: "schooljaar",
    key: `${first}-${first + 1}`,
    start: localDate(first, 8, 1),
    end: localDate(first + 1, 7, 31),
  };
}

/** The period a key names, or null when it names none ("2026-13", "2026-Q5", "2026-2028"). */
export function parsePeriod(key: string): DigestPeriod | null {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const mo = Number(m[2]);
    return mo >= 1 && mo <= 12 ? month(Number(m[1]), mo) : null;
  }
  m = /^(\d{4})-[Qq]([1-4])$/.exec(key);
  if (m) return quarter(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{4})$/.exec(key);
  if (m && Number(m[2]) === Number(m[1]) + 1) return schoolYear(Number(m[1]));
  return null;
}

/** The period of `kind` that holds `day`. */
export function periodOf(kind: PeriodKind, day: LocalDate): DigestPeriod {
  const y = Number(day.slice(0, 4));
  const mo = Number(day.slice(5, 7));
  if (kind === "maand") return month(y, mo);
  if (kind === "kwartaal") return quarter(y, Math.ceil(mo / 3));
  return schoolYear(Number(schoolYearOf(day).slice(0, 4)));
}

/** The last complete period of `kind` before `day` (what a digest on `day` looks back on). */
export const lastComplete = (kind: PeriodKind, day: LocalDate): DigestPeriod => previous(periodOf(kind, day));

export const previous = (p: DigestPeriod): DigestPeriod => periodOf(p.kind, addDays(p.start, -1));

export function yearEarlier(p: DigestPeriod): DigestPeriod {
  const y = Number(p.start.slice(0, 4)) - 1;
  return periodOf(p.kind, `${y}${p.start.slice(4)}`);
}

/** The instants of the span in `timeZone`: [from, to). */
export function instants(p: DigestPeriod, timeZone: string): { from: Date; to: Date } {
  return { from: atLocal(p.start, 0, timeZone), to: atLocal(addDays(p.end, 1), 0, timeZone) };
}

const monthNames = {
  nl: [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
  ],
  en: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
};

/** "november 2026", "4e kwartaal 2026", "schooljaar 2026-2027". */
export function periodLabel(p: DigestPeriod, locale: "nl" | "en"): string {
  const y = p.start.slice(0, 4);
  if (p.kind === "maand") return `${monthNames[locale][Number(p.start.slice(5, 7)) - 1]} ${y}`;
  if (p.kind === "kwartaal") {
    const q = p.key.slice(-1);
    return locale === "en" ? `Q${q} ${y}` : `${q}e kwartaal ${y}`;
  }
  return locale === "en" ? `school year ${p.key}` : `schooljaar ${p.key}`;
}

/** A short label for chart categories: "nov 2026", "Q4 2026", "2026-2027". */
export function shortLabel(p: DigestPeriod, locale: "nl" | "en"): string {
  if (p.kind === "maand")
    return `${monthNames[locale][Number(p.start.slice(5, 7)) - 1]?.slice(0, 3)} ${p.start.slice(0, 4)}`;
  if (p.kind === "kwartaal") return `Q${p.key.slice(-1)} ${p.start.slice(0, 4)}`;
  return p.key;
}
