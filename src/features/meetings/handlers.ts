import { validate } from "../../chat/forms.ts";
import type { Routes } from "../../chat/router.ts";
import { say } from "../../chat/views.ts";
import { meetingActions } from "./actions.ts";
import {
  answerSlot,
  confirmSlot,
  meetingView,
  proposableCase,
  proposalSchema,
  proposeMeeting,
} from "./service.ts";
import { texts } from "./texts.ts";
import { proposalForm } from "./views.ts";

/** Scheduling a knooppunt meeting: the regisseur proposes times (`meeting.propose` -> form
 * `meeting.create`), participants answer per time (`meeting.answer`), the regisseur confirms
 * one from the live tally (`meeting.confirm`). */
export const meetingRoutes: Routes = {
  actions: {
    [meetingActions.propose]: async (ctx, caseId) => {
      const c = await proposableCase(ctx, caseId, meetingActions.propose, "read");
      return { type: "form", form: proposalForm(ctx.actor.locale, c.id, c.code) };
    },
    [meetingActions.answer]: async (ctx, value) => {
      const message = await answerSlot(ctx, value);
      ctx.notify();
      return { type: "update", message };
    },
    [meetingActions.view]: async (ctx, meetingId) => ({
      type: "update",
      message: await meetingView(ctx, meetingId),
    }),
    [meetingActions.confirm]: async (ctx, slotId) => {
      const message = await confirmSlot(ctx, slotId);
      ctx.notify();
      return { type: "update", message };
    },
  },
  submissions: {
    [meetingActions.create]: async (ctx, values, caseId = "") => {
      const c = await proposableCase(ctx, caseId, meetingActions.create, "write");
      const form = proposalForm(ctx.actor.locale, c.id, c.code);
      const checked = validate(form, values, proposalSchema(ctx.actor.locale, ctx.timezone, ctx.clock.now()));
      if (!checked.ok) return checked.reply;
      const { asked, replaced } = await proposeMeeting(ctx, c, checked.data);
      ctx.notify();
      const t = texts(ctx.actor.locale);
      const text = t.proposed({ asked, slots: checked.data.slots.length });
      return { type: "done", message: say(replaced ? `${text} ${t.replaced}` : text) };
    },
  },
};
