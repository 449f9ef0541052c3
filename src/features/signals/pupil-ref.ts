import { z } from "zod";
import type { Locale } from "../../core/i18n.ts";
import { texts } from "./texts.ts";

/** Zero-width, control and bidi characters: invisible, so "\u200B\u200B1" would pass for a reference
 * and a name could hide behind them. Removed before anything is checked or stored. */
const invisible = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** Trimmed, upper-case, single spaces, nothing invisible: "jb  2015 " and "JB 2015" are the same pupil. */
export function normalisePupilRef(value: string): string {
  return value.replace(invisible, "").trim().replace(/\s+/g, " ").toUpperCase();
}

/** A part of a reference: a number (pupil number, birth year), initials (at most 3 letters) or both
 * run together ("JB2015"). Parts are separated by spaces, dots, hyphens or slashes. */
const part = /^(\d+|[A-Z]{1,3}|[A-Z]{1,3}\d+|\d+[A-Z]{1,3})$/;

/** True when a normalised reference is a pseudonymous code: every part a number or initials, at
 * least one digit, and not two words of 3+ letters (a first name and a surname: "JAN VRIES 12"). */
export function isPupilCode(ref: string): boolean {
  const parts = ref.split(/[\s./-]+/).filter(Boolean);
  const words = parts.filter((p) => /^[A-Z]{3,}$/.test(p));
  return /\d/.test(ref) && parts.length > 0 && parts.every((p) => part.test(p)) && words.length < 2;
}

/** The one rule for every form that takes a pupil reference: 2 to 20 characters, a code, never a name. */
export function pupilRefSchema(locale: Locale) {
  const t = texts(locale);
  return z
    .string({ error: t.required })
    .transform(normalisePupilRef)
    .pipe(
      z
        .string()
        .min(1, t.required)
        .min(2, t.pupilRefLength)
        .max(20, t.pupilRefLength)
        .refine(isPupilCode, t.pupilRefName),
    );
}
