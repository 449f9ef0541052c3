/** The answer form of each check-in moment: its fields and their rule. The registry `FORMS` is the
 * extension point: a moment gets its own form by adding an entry; a feature with its own form and
 * store opens it through `open` (the thuiszittersregistratie: src/features/thuiszitters/). */
import { z } from "zod";
import { oneValue, textRule } from "../../chat/forms.ts";
import type { Text } from "../../chat/inline.ts";
import type { Context, SubmissionHandler } from "../../chat/router.ts";
import type { Field, FormValues, Reply } from "../../chat/views.ts";
import type { Locale } from "../../core/i18n.ts";
import { openRegistration, submitRegistration } from "../thuiszitters/checkin.ts";
import { isLocalDate, type LocalDate } from "./dates.ts";
import type { MomentKey } from "./moments.ts";
import type { LoadedInstance } from "./service.ts";
import { checkinTexts } from "./texts.ts";

type T = ReturnType<typeof checkinTexts>;

export interface CheckinForm {
  fields(t: T): Field[];
  /** The rule of a submission; `today` bounds the dates (what happened cannot be in the future). */
  schema(t: T, today: LocalDate): z.ZodType<Record<string, string>>;
  /** A line above the fields, e.g. that a fuller form follows. */
  intro?(t: T): Text;
  /** The feature's own form instead of these fields (its submission is the feature's too). */
  open?(ctx: Context, instance: LoadedInstance): Promise<Reply>;
  /** With `open`: the feature's submission. Every answer of the moment goes through it, also one
   * sent to the generic `cycle.answer` (an old button, a crafted request), so the feature's store
   * is never skipped. */
  submit?: SubmissionHandler;
}

const yesNo = (t: T, name: string, label: string): Field => ({
  name,
  label,
  kind: "select",
  required: true,
  options: [
    { value: "ja", label: t.yes },
    { value: "nee", label: t.no },
  ],
});
const date = (name: string, label: string): Field => ({
  name,
  label,
  kind: "date",
  placeholder: "2027-03-15",
});
const note = (t: T): Field => ({
  name: "note",
  label: t.note,
  kind: "textarea",
  maxLength: 500,
  hint: t.noteHint,
});

const choice = (t: T) => z.preprocess(oneValue, z.enum(["ja", "nee"], { error: t.choose }));
const optionalDate = (t: T, today: LocalDate) =>
  z.preprocess(
    (v) => oneValue(v).trim(),
    z
      .string()
      .refine((v) => v === "" || isLocalDate(v), t.badDate)
      .refine((v) => v === "" || !isLocalDate(v) || v <= today, t.futureDate),
  );
const limited = (t: T, field: Field) => textRule(field, { required: t.required, tooLong: t.tooLong });

/** yes/no + date + note; the date is needed when the answer is yes. */
function doneForm(label: (t: T) => string, extra: (t: T) => Field[] = () => []): CheckinForm {
  return {
    fields: (t) => [yesNo(t, "done", label(t)), date("date", t.doneDate), ...extra(t), note(t)],
    schema: (t, today) => {
      const shape: Record<string, z.ZodType> = { done: choice(t), date: optionalDate(t, today) };
      for (const f of [...extra(t), note(t)]) shape[f.name] = limited(t, f);
      return z.object(shape).superRefine((v, ctx) => {
        if (v.done === "ja" && !v.date)
          ctx.addIssue({ code: "custom", path: ["date"], message: t.dateNeeded });
      }) as unknown as z.ZodType<Record<string, string>>;
    },
  };
}

const meetingForm: CheckinForm = (() => {
  const withWhom = (t: T): Field[] => [
    { name: "withWhom", label: t.withWhom, kind: "text", maxLength: 200, hint: t.withWhomHint },
  ];
  const base = doneForm((t) => t.held, withWhom);
  return {
    fields: (t) => base.fields(t).map((f) => (f.name === "date" ? { ...f, label: t.heldDate } : f)),
    schema: base.schema,
  };
})();

const sopForm: CheckinForm = {
  fields: (t) => [
    yesNo(t, "done", t.sopCurrent),
    { ...date("date", t.sopDate), required: true },
    { name: "url", label: t.sopUrl, kind: "text", maxLength: 300, hint: t.sopUrlHint },
    note(t),
  ],
  schema: (t, today) =>
    z.object({
      done: choice(t),
      date: optionalDate(t, today).pipe(z.string().min(1, t.required)),
      url: z.preprocess(
        (v) => oneValue(v).trim(),
        z
          .string()
          .max(300, t.tooLong({ max: 300 }))
          .refine((v) => v === "" || /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(v), t.badUrl),
      ),
      note: limited(t, note(t)),
    }) as unknown as z.ZodType<Record<string, string>>,
};

const genericForm = doneForm((t) => t.done);

export const FORMS: Record<MomentKey, CheckinForm> = {
  sop: sopForm,
  jaarplan: meetingForm,
  jaarverslag: meetingForm,
  thuiszitters: { ...genericForm, open: openRegistration, submit: submitRegistration },
  kernpartnergesprek: genericForm,
  "opp-evaluatie": genericForm,
  spiegelgesprek: genericForm,
  teldatum: genericForm,
  groeitelling: genericForm,
};

/** The form's fields with a stored answer (or the submitted values) as their values. */
export function fieldsWith(form: CheckinForm, locale: Locale, values: FormValues = {}): Field[] {
  return form.fields(checkinTexts(locale)).map((f) => (values[f.name] ? { ...f, value: values[f.name] } : f));
}
