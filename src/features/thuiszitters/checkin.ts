/** The thuiszittersregistratie as the answer to its quarterly check-in: opening the form (from the
 * check-in's `open` hook) and its submission, which answers the instance and updates the registry
 * in one transaction. */
import type { Context, SubmissionHandler } from "../../chat/router.ts";
import { buttons, message, say, text } from "../../chat/views.ts";
import { formatDate } from "../../core/format.ts";
import { auditMany } from "../audit/audit.ts";
import { atLocal, dateIn, type LocalDate } from "../cycles/dates.ts";
import { answerableInstance, type LoadedInstance, saveAnswer } from "../cycles/service.ts";
import { checkRegistration, registrationForm } from "./form.ts";
import { openOfSchool, registerAnswer } from "./service.ts";
import { thuiszitterTexts } from "./texts.ts";
import { cardButton } from "./views.ts";

const day = (d: LocalDate, ctx: Context) =>
  formatDate(atLocal(d, 12 * 60, ctx.timezone), ctx.actor.locale, ctx.timezone);

async function formOf(ctx: Context, instance: LoadedInstance) {
  const known = instance.schoolId ? await openOfSchool(ctx.db, instance.swvId, instance.schoolId) : [];
  const intro = thuiszitterTexts(ctx.actor.locale).intro({
    school: instance.schoolName,
    due: day(instance.dueOn, ctx),
  });
  return { known, form: registrationForm(ctx.actor.locale, { instanceId: instance.id, intro, known }) };
}

/** The form lists the school's open thuiszitters by reference: each one shown is an audited read. */
export async function openRegistration(ctx: Context, instance: LoadedInstance) {
  const { known, form } = await formOf(ctx, instance);
  await auditMany(
    ctx.db,
    ctx.actor,
    instance.swvId,
    ctx.clock.now(),
    known.map((k) => ({ access: "read", entity: "thuiszitter", entityId: k.id, action: "thuiszitter.form" })),
  );
  return { type: "form" as const, form };
}

export const submitRegistration: SubmissionHandler = async (ctx, values, id = "") => {
  const now = ctx.clock.now();
  const today = dateIn(now, ctx.timezone);
  const instance = await answerableInstance(ctx.db, ctx.actor, id, ctx.timezone, now);
  const t = thuiszitterTexts(ctx.actor.locale);
  const { known, form } = await formOf(ctx, instance);
  const checked = checkRegistration(form, ctx.actor.locale, values, known, today);
  if (!checked.ok) return checked.reply;
  const schoolId = instance.schoolId ?? "";
  let open = 0;
  // The stored answer holds counts only: the references live in the registry.
  const answer = { none: checked.none ? "ja" : "nee", reported: String(checked.reported.length) };
  const outcome = await saveAnswer(ctx.db, ctx.actor, instance, answer, now, ctx.timezone, async (tx) => {
    const at = { swvId: instance.swvId, schoolId, periodKey: instance.period.key, today, now };
    open = await registerAnswer(tx, ctx.actor, at, checked.known, checked.reported);
  });
  const said = { school: instance.schoolName, count: open };
  if (checked.none && open === 0) return { type: "done", message: say(t.savedNone(said)) };
  // The answer offers each open record's card (where it is ended); it goes to the IB'er only.
  const rows = await openOfSchool(ctx.db, instance.swvId, schoolId);
  const reply = outcome === "late" ? t.savedLate(said) : t.saved(said);
  return {
    type: "done",
    message: message(text(reply), buttons(rows.slice(0, 20).map((r) => cardButton(ctx.actor.locale, r)))),
  };
};
