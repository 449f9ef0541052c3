import { z } from "zod";
import type { Field, FormValues, FormView, Reply } from "./views.ts";

/** One submitted scalar as text: a string as is, a number or boolean (a forged or loosely typed
 * payload) as its text, anything else (null, an object) as nothing, never "[object Object]". */
const scalar = (v: unknown): string =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "";

/** A submitted value as one string (a multiselect's first value; nothing is ""). */
export const oneValue = (v: unknown): string => scalar(Array.isArray(v) ? v[0] : v);

/** A submitted value as a list (a single value becomes a list of one; nothing, an empty list). */
export const manyValues = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).map(scalar).filter((one) => one !== "");

/** For a check across fields that computes with their values (`superRefine(check, crossFields)`,
 * e.g. date arithmetic): run it only when every field passed its own rules. zod runs an object's
 * refinements after a field failed too, with the field's raw value (an empty or malformed date),
 * which a date computation chokes on. Checks that only compare strings need not wait. */
export const crossFields = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** A single text value from a submission, trimmed. */
export const text = (values: FormValues, name: string): string => oneValue(values[name]).trim();

/** The field `name` of a form (a programming error when it is missing). */
export function fieldOf(form: FormView, name: string): Field {
  const field = form.fields.find((f) => f.name === name);
  if (!field) throw new Error(`form ${form.id} has no field ${name}`);
  return field;
}

/** The zod rule of a text field, derived from the field: required and `maxLength` with the
 * feature's translated messages. The same `maxLength` limits the input on every surface. */
export function textRule(field: Field, t: { required: string; tooLong: (p: { max: number }) => string }) {
  let rule = z.string().trim();
  if (field.required) rule = rule.min(1, t.required);
  if (field.maxLength) rule = rule.max(field.maxLength, t.tooLong({ max: field.maxLength }));
  return z.preprocess(oneValue, rule);
}

/** The form again, with what was entered and an error at each field that has one. */
export function refill(form: FormView, values: FormValues, errors: Record<string, string> = {}): FormView {
  return {
    ...form,
    fields: form.fields.map((field) => ({
      ...field,
      value: values[field.name] ?? field.value,
      error: errors[field.name],
    })),
  };
}

/** Validates a submission with a zod schema whose messages are already translated.
 * On failure, the reply shows the form again with the values kept and the first
 * error of each field at that field. */
export function validate<S extends z.ZodType>(
  form: FormView,
  values: FormValues,
  schema: S,
): { ok: true; data: z.infer<S> } | { ok: false; reply: Reply } {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? form.fields[0]?.name ?? "");
    errors[field] ??= issue.message;
  }
  return { ok: false, reply: { type: "invalid", form: refill(form, values, errors) } };
}
