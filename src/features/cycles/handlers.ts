import { validate } from "../../chat/forms.ts";
import type { Routes } from "../../chat/router.ts";
import { say } from "../../chat/views.ts";
import { cycleActions } from "./actions.ts";
import { addDays, dateIn, isLocalDate, type LocalDate, type Weekday } from "./dates.ts";
import { FORMS } from "./forms.ts";
import { answerableInstance, rulesFor, saveAnswer, setAvailability, setLater, swvCycles } from "./service.ts";
import { staffRoutes } from "./staff-handlers.ts";
import { checkinTexts } from "./texts.ts";
import { answerForm, showDay } from "./views.ts";
import { nextWorkingDay } from "./working-time.ts";

const DAYS: Record<string, Weekday> = {
  ma: 1,
  di: 2,
  wo: 3,
  do: 4,
  vr: 5,
  maandag: 1,
  dinsdag: 2,
  woensdag: 3,
  donderdag: 4,
  vrijdag: 5,
};
const DAY_NAMES = ["", "ma", "di", "wo", "do", "vr"];

/** "2027-03-15", "15-03-2027" or "15-3-2027" as a local date; null otherwise. */
export function parseDay(value: string): LocalDate | null {
  const v = value.trim();
  if (isLocalDate(v)) return v;
  const m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(v);
  if (!m) return null;
  const day = `${m[3]}-${m[2]?.padStart(2, "0")}-${m[1]?.padStart(2, "0")}`;
  return isLocalDate(day) ? day : null;
}

/** Check-ins: a prompt's button opens the moment's form (`cycle.open` -> `cycle.answer`), "later"
 * holds the prompts back (`cycle.later`); `/knoop afwezig` and `/knoop werkdagen` set when a
 * person may be prompted at all. */
export const cycleRoutes: Routes = {
  actions: {
    ...staffRoutes.actions,
    [cycleActions.open]: async (ctx, id) => {
      const instance = await answerableInstance(ctx.db, ctx.actor, id, ctx.timezone, ctx.clock.now());
      const own = FORMS[instance.moment.key].open;
      if (own) return own(ctx, instance);
      return { type: "form", form: answerForm(ctx.actor.locale, ctx.timezone, instance) };
    },
    [cycleActions.later]: async (ctx, value) => {
      const t = checkinTexts(ctx.actor.locale);
      const [when, momentKey = "", periodKey = ""] = value.split("|");
      const today = dateIn(ctx.clock.now(), ctx.timezone);
      // The next working day of the week after, so "next week" never lands in a weekend either.
      const rules = rulesFor(await swvCycles(ctx.db, ctx.actor.swvId, ctx.timezone), "");
      const day = nextWorkingDay(addDays(today, when === "week" ? 7 : 1), rules);
      const count = await setLater(ctx.db, ctx.actor, momentKey, periodKey, day);
      return {
        type: "message",
        message: say(
          count ? t.laterSet({ day: showDay(day, ctx.actor.locale, ctx.timezone), count }) : t.laterNothing,
        ),
      };
    },
  },
  submissions: {
    ...staffRoutes.submissions,
    [cycleActions.answer]: async (ctx, values, id = "") => {
      const now = ctx.clock.now();
      const instance = await answerableInstance(ctx.db, ctx.actor, id, ctx.timezone, now);
      const own = FORMS[instance.moment.key].submit;
      if (own) return own(ctx, values, id);
      const t = checkinTexts(ctx.actor.locale);
      const form = answerForm(ctx.actor.locale, ctx.timezone, instance, values);
      const checked = validate(form, values, FORMS[instance.moment.key].schema(t, dateIn(now, ctx.timezone)));
      if (!checked.ok) return checked.reply;
      const outcome = await saveAnswer(ctx.db, ctx.actor, instance, checked.data, now, ctx.timezone);
      const said = { moment: instance.moment.name[ctx.actor.locale], school: instance.schoolName };
      const reply =
        outcome === "late" ? t.savedLate(said) : outcome === "edited" ? t.edited(said) : t.saved(said);
      return { type: "done", message: say(reply) };
    },
  },
  commands: {
    ...staffRoutes.commands,
    afwezig: async (ctx, args) => {
      const t = checkinTexts(ctx.actor.locale);
      const [word = "", value = ""] = args.map((a) => a.toLowerCase());
      const now = ctx.clock.now();
      if (word === "uit" && args.length === 1) {
        await setAvailability(ctx.db, ctx.actor, now, { pausedUntil: null });
        return { type: "message", message: say(t.pauseOff) };
      }
      const until = (word === "tot" || word === "t/m") && args.length === 2 ? parseDay(value) : null;
      if (!until) return { type: "message", message: say(t.pauseUsage) };
      const today = dateIn(now, ctx.timezone);
      if (until < today) return { type: "message", message: say(t.pausePast) };
      if (until > addDays(today, 366)) return { type: "message", message: say(t.pauseTooFar) };
      await setAvailability(ctx.db, ctx.actor, now, { pausedUntil: until });
      return {
        type: "message",
        message: say(t.pauseSet({ until: showDay(until, ctx.actor.locale, ctx.timezone) })),
      };
    },
    werkdagen: async (ctx, args) => {
      const t = checkinTexts(ctx.actor.locale);
      const days = args.map((a) => DAYS[a.toLowerCase()]);
      if (!args.length || days.some((d) => d === undefined))
        return { type: "message", message: say(t.workdaysUsage) };
      const unique = [...new Set(days as Weekday[])].sort();
      await setAvailability(ctx.db, ctx.actor, ctx.clock.now(), { workingDays: unique });
      return {
        type: "message",
        message: say(t.workdaysSet({ days: unique.map((d) => DAY_NAMES[d]).join(" ") })),
      };
    },
  },
};
