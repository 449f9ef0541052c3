import type { Locale } from "../core/i18n.ts";
import { defineTexts } from "../core/texts.ts";
import type { FormValues } from "./views.ts";

/** Bounds on a submission, checked where it enters (every surface) before any feature sees it: a
 * forged submission with 10,000 ids gets a clear answer at the field, not a failure deep down. */
export const MAX_CHOICES = 200;
export const MAX_TEXT = 5000;
export const MAX_FIELDS = 50;

const texts = defineTexts(
  {
    tooMany: (p: { max: number }) => `Te veel keuzes: kies er hoogstens ${p.max}.`,
    tooLong: (p: { max: number }) => `Te lang: hoogstens ${p.max} tekens.`,
    tooManyFields: "Dit formulier heeft meer velden dan Knoop kent: open het opnieuw met `/knoop`.",
  },
  {
    tooMany: (p) => `Too many choices: pick at most ${p.max}.`,
    tooLong: (p) => `Too long: at most ${p.max} characters.`,
    tooManyFields: "This form has more fields than Knoop knows: open it again with `/knoop`.",
  },
);

/** The error per field of a submission that is out of bounds (empty: within bounds). A submission
 * with too many fields gets its error under the key "" (show it as a refusal). */
export function outOfBounds(values: FormValues, locale: Locale): Record<string, string> {
  const t = texts(locale);
  const entries = Object.entries(values);
  if (entries.length > MAX_FIELDS) return { "": t.tooManyFields };
  const errors: Record<string, string> = {};
  // A forged payload may hold anything (null in a list, a number): only strings have a length here.
  const tooLong = (v: unknown) => typeof v === "string" && v.length > MAX_TEXT;
  for (const [name, value] of entries) {
    if (Array.isArray(value)) {
      if (value.length > MAX_CHOICES) errors[name] = t.tooMany({ max: MAX_CHOICES });
      else if (value.some(tooLong)) errors[name] = t.tooLong({ max: MAX_TEXT });
    } else if (tooLong(value)) errors[name] = t.tooLong({ max: MAX_TEXT });
  }
  return errors;
}
