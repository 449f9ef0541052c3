import { z } from "zod";
import { oneValue, validate } from "../../chat/forms.ts";
import type { Routes } from "../../chat/router.ts";
import { say } from "../../chat/views.ts";
import { AccessDenied, UserError } from "../../core/errors.ts";
import { dateIn, isLocalDate } from "../cycles/dates.ts";
import { thuiszitterActions } from "./actions.ts";
import { submitRegistration } from "./checkin.ts";
import { consultantList, endThuiszitter, recordFor } from "./service.ts";
import { labels, OUTCOMES, thuiszitterTexts } from "./texts.ts";
import { endForm, listView, recordCard } from "./views.ts";

/** The registry in chat: the check-in's submission, the record card and its end form, and
 * `/knoop thuiszitters` for the SWV consultant (a private reply). */
export const thuiszitterRoutes: Routes = {
  commands: {
    thuiszitters: async (ctx) => {
      const t = thuiszitterTexts(ctx.actor.locale);
      if (!ctx.actor.roles.some((r) => r.role === "swv-consultant"))
        return { type: "message", message: say(t.listRefused), visibility: "private" };
      const now = ctx.clock.now();
      const rows = await consultantList(ctx.db, ctx.actor, now);
      return {
        type: "message",
        message: listView(ctx.actor.locale, rows, dateIn(now, ctx.timezone)),
        visibility: "private",
      };
    },
  },
  actions: {
    [thuiszitterActions.card]: async (ctx, id) => {
      const now = ctx.clock.now();
      const r = await recordFor(ctx.db, ctx.actor, id, now, "thuiszitter.view");
      if (!r) throw new AccessDenied(thuiszitterTexts(ctx.actor.locale).noAccess);
      const school = await ctx.db.school.findUnique({ where: { id: r.schoolId }, select: { name: true } });
      return {
        type: "message",
        message: recordCard(ctx.actor.locale, r, school?.name ?? "", dateIn(now, ctx.timezone)),
      };
    },
    [thuiszitterActions.end]: async (ctx, id) => {
      const t = thuiszitterTexts(ctx.actor.locale);
      const r = await recordFor(ctx.db, ctx.actor, id, ctx.clock.now(), "thuiszitter.end.form");
      if (!r) throw new AccessDenied(t.noAccess);
      if (r.state !== "open") throw new UserError(t.alreadyEnded);
      return { type: "form", form: endForm(ctx.actor.locale, r) };
    },
  },
  submissions: {
    [thuiszitterActions.answer]: submitRegistration,
    [thuiszitterActions.end]: async (ctx, values, id = "") => {
      const t = thuiszitterTexts(ctx.actor.locale);
      const now = ctx.clock.now();
      const today = dateIn(now, ctx.timezone);
      const r = await recordFor(ctx.db, ctx.actor, id, now, "thuiszitter.end.check");
      if (!r) throw new AccessDenied(t.noAccess);
      if (r.state !== "open") throw new UserError(t.alreadyEnded);
      const schema = z.object({
        outcome: z.preprocess(oneValue, z.enum(OUTCOMES, { error: t.choose })),
        date: z.preprocess(
          (v) => oneValue(v).trim(),
          z
            .string()
            .min(1, t.required)
            .refine(isLocalDate, t.badDate)
            .refine((d) => !isLocalDate(d) || d <= today, t.futureDate),
        ),
      });
      const checked = validate(endForm(ctx.actor.locale, r), values, schema);
      if (!checked.ok) return checked.reply;
      await endThuiszitter(ctx.db, ctx.actor, r, checked.data.outcome, checked.data.date, now);
      const outcome = labels(ctx.actor.locale).outcomes[checked.data.outcome] ?? "";
      return { type: "done", message: say(t.endedReply({ ref: r.pupilRef, outcome })) };
    },
  },
};
