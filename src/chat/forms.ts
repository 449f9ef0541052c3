import type { z } from "zod";
import type { FormValues, FormView, Reply } from "./views.ts";

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

/** A single text value from a submission (a multiselect's first value; trimmed). */
export function text(values: FormValues, name: string): string {
  const v = values[name];
  return (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();
}
