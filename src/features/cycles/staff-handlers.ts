/** Check-ins for SWV staff: `/knoop cyclus` (overview, filters, `jaar`, `uren`), the remind and
 * waive buttons, and the settings form of a moment (beheerder). */

import { z } from "zod";
import { crossFields, oneValue, validate } from "../../chat/forms.ts";
import type { Context, Routes } from "../../chat/router.ts";
import { heading, type MessageView, message, type Reply, say, text } from "../../chat/views.ts";
import { UserError } from "../../core/errors.ts";
import { sendDm } from "../../jobs/outbox.ts";
import { cycleActions } from "./actions.ts";
import { dateIn, parseClock } from "./dates.ts";
import { holidayRoutes, holidaysReply } from "./holiday-handlers.ts";
import { momentByKey, type Window } from "./moments.ts";
import { schoolYearOf } from "./periods.ts";
import { LEVEL_MOMENTS, SCHOOL_MOMENTS, swvCycles } from "./service.ts";
import {
  isBeheerder,
  momentSettings,
  overview,
  saveHours,
  saveMomentSetting,
  staffInstance,
  staffScope,
  waive,
} from "./staff.ts";
import { checkinTexts } from "./texts.ts";
import {
  type OverviewFilterState,
  overviewDetail,
  overviewSummary,
  type PromptItem,
  parseFilterValue,
  settingsForm,
  staffReminder,
  waiveForm,
  yearView,
} from "./views.ts";

const reply = (m: MessageView): Reply => ({ type: "message", message: m });

/** The token that makes the reminder buttons of one shown overview idempotent per click. */
const tokenOf = (ctx: Context) => ctx.clock.now().getTime().toString(36);

async function showOverview(ctx: Context, filter: OverviewFilterState): Promise<MessageView> {
  const { locale } = ctx.actor;
  const today = dateIn(ctx.clock.now(), ctx.timezone);
  const list = await overview(ctx.db, ctx.actor, filter, today);
  const one = filter.momentKey ? list[0] : undefined;
  return one
    ? overviewDetail(locale, ctx.timezone, one, filter, tokenOf(ctx))
    : overviewSummary(locale, ctx.timezone, list, filter);
}

/** "sop", "bestuur 41234", "sop bestuur 41234" as a filter; null when not understood. */
function parseFilter(args: string[]): OverviewFilterState | null {
  const filter: OverviewFilterState = {};
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? "";
    if (word === "bestuur" && /^\d{1,6}$/.test(args[i + 1] ?? "")) filter.board = args[++i];
    else if ([...SCHOOL_MOMENTS, ...LEVEL_MOMENTS].some((m) => m.key === word) && !filter.momentKey)
      filter.momentKey = word;
    else return null;
  }
  return filter;
}

async function yearReply(ctx: Context): Promise<Reply> {
  const t = checkinTexts(ctx.actor.locale);
  if (!staffScope(ctx.actor)) throw new UserError(t.staffOnly);
  const cycles = await swvCycles(ctx.db, ctx.actor.swvId, ctx.timezone);
  const year = schoolYearOf(dateIn(ctx.clock.now(), ctx.timezone));
  return reply(
    yearView(
      ctx.actor.locale,
      ctx.timezone,
      year,
      await momentSettings(ctx.db, ctx.actor.swvId),
      cycles.hours,
      isBeheerder(ctx.actor),
    ),
  );
}

async function hoursReply(ctx: Context, args: string[]): Promise<Reply> {
  const t = checkinTexts(ctx.actor.locale);
  if (!isBeheerder(ctx.actor)) throw new UserError(t.beheerderOnly);
  const [start = "", end = ""] = args;
  const valid = (v: string) => /^\d{2}:\d{2}$/.test(v) && parseClock(v) >= 0 && parseClock(v) < 24 * 60;
  if (args.length !== 2 || !valid(start) || !valid(end) || parseClock(start) >= parseClock(end))
    return reply(say(t.hoursUsage));
  await saveHours(ctx.db, ctx.actor, ctx.clock.now(), start, end);
  return reply(say(t.hoursSet({ start, end })));
}

/** Queues one reminder DM per owner listing their open schools; the key holds the click's token. */
async function remind(
  ctx: Context,
  instanceIds: string[],
  token: string,
): Promise<{ people: number; schools: number }> {
  const now = ctx.clock.now();
  const rows = await ctx.db.cycleInstance.findMany({
    where: {
      id: { in: instanceIds },
      swvId: ctx.actor.swvId,
      state: { in: ["open", "overdue"] },
      ownerId: { not: null },
    },
  });
  const schools = new Map(
    (
      await ctx.db.school.findMany({
        where: { id: { in: rows.map((r) => r.schoolId ?? "") } },
        select: { id: true, name: true },
      })
    ).map((s) => [s.id, s.name]),
  );
  const owners = await ctx.db.person.findMany({
    where: { id: { in: rows.map((r) => r.ownerId ?? "") } },
    select: { id: true, locale: true },
  });
  const today = dateIn(now, ctx.timezone);
  await ctx.db.$transaction(async (tx) => {
    for (const owner of owners) {
      const mine = rows
        .filter((r) => r.ownerId === owner.id)
        .sort((a, b) =>
          (schools.get(a.schoolId ?? "") ?? "").localeCompare(schools.get(b.schoolId ?? "") ?? "", "nl"),
        );
      const first = mine[0];
      const moment = first && momentByKey(first.momentKey);
      if (!first || !moment) continue;
      const items: PromptItem[] = mine.map((r) => ({
        instanceId: r.id,
        school: schools.get(r.schoolId ?? "") ?? "",
        overdue: today > r.dueOn,
      }));
      const view = staffReminder({
        locale: owner.locale === "en" ? "en" : "nl",
        timeZone: ctx.timezone,
        moment,
        due: first.dueOn,
        from: ctx.actor.name,
        items,
      });
      const key = `cycle:staff-remind:${first.momentKey}:${first.periodKey}:${owner.id}:${token}`;
      // Logged as a step of each instance (`staff-remind-<click>`), like the scheduled prompts;
      // the same click twice logs and sends nothing new.
      const step = `staff-remind-${token}`;
      const logged = new Set(
        (
          await tx.cyclePrompt.findMany({
            where: { instanceId: { in: mine.map((r) => r.id) }, step },
            select: { instanceId: true },
          })
        ).map((p) => p.instanceId),
      );
      await tx.cyclePrompt.createMany({
        data: mine
          .filter((r) => !logged.has(r.id))
          .map((r) => ({ instanceId: r.id, step, key, personId: owner.id, sentAt: now })),
      });
      await sendDm(tx, now, key, owner.id, view);
    }
  });
  ctx.notify();
  return { people: owners.length, schools: rows.length };
}

const count = (t: ReturnType<typeof checkinTexts>) =>
  z.preprocess(
    (v) => Number(oneValue(v)),
    z.number({ error: t.badCount }).int(t.badCount).min(0, t.badCount).max(30, t.badCount),
  );

/** "MM-DD" of a real day (29 February allowed). */
const isMonthDay = (v: string) => {
  const m = /^(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Number(m[1]) - 1];
  return days !== undefined && Number(m[2]) >= 1 && Number(m[2]) <= days;
};
/** Position in the school year (August first), so that "09-01" comes before "01-15". */
const inYear = (v: string) => ((Number(v.slice(0, 2)) + 4) % 12) * 100 + Number(v.slice(3, 5));

export const staffRoutes: Routes = {
  commands: {
    cyclus: async (ctx, args) => {
      const t = checkinTexts(ctx.actor.locale);
      if (args[0] === "jaar" && args.length === 1) return yearReply(ctx);
      if (args[0] === "uren") return hoursReply(ctx, args.slice(1));
      if (args[0] === "vakanties" && args.length === 1) return holidaysReply(ctx);
      const filter = parseFilter(args);
      if (!filter) return reply(say(t.overviewUsage));
      return reply(await showOverview(ctx, filter));
    },
  },
  actions: {
    ...holidayRoutes.actions,
    [cycleActions.overview]: async (ctx, value) => ({
      type: "update",
      message: await showOverview(ctx, parseFilterValue(value)),
    }),
    [cycleActions.remind]: async (ctx, value) => {
      const t = checkinTexts(ctx.actor.locale);
      const [id = "", token = ""] = value.split("|");
      const instance = await staffInstance(ctx.db, ctx.actor, id);
      if (instance.state !== "open" && instance.state !== "overdue") return reply(say(t.notWaivable));
      if (!instance.ownerId) return reply(say(t.noOwnerToRemind));
      await remind(ctx, [id], token);
      const owner = await ctx.db.person.findUnique({
        where: { id: instance.ownerId },
        select: { displayName: true },
      });
      return reply(say(t.reminded({ school: instance.schoolName, owner: owner?.displayName ?? "" })));
    },
    [cycleActions.remindAll]: async (ctx, value) => {
      const t = checkinTexts(ctx.actor.locale);
      const [momentKey = "", , board = "", token = ""] = value.split("|");
      const today = dateIn(ctx.clock.now(), ctx.timezone);
      const [o] = await overview(ctx.db, ctx.actor, { momentKey, board: board || undefined }, today);
      const ids = (o?.rows ?? []).filter((r) => (r.state === "open" || r.state === "overdue") && r.ownerId);
      if (!ids.length) return reply(say(t.remindNothing));
      return reply(
        say(
          t.remindedAll(
            await remind(
              ctx,
              ids.map((r) => r.instanceId),
              token,
            ),
          ),
        ),
      );
    },
    [cycleActions.waive]: async (ctx, id) => {
      const instance = await staffInstance(ctx.db, ctx.actor, id);
      return {
        type: "form",
        form: waiveForm(ctx.actor.locale, id, instance.moment.name[ctx.actor.locale], instance.schoolName),
      };
    },
    [cycleActions.settings]: async (ctx, key) => {
      const t = checkinTexts(ctx.actor.locale);
      if (!isBeheerder(ctx.actor)) throw new UserError(t.beheerderOnly);
      const s = (await momentSettings(ctx.db, ctx.actor.swvId)).find((x) => x.moment.key === key);
      if (!s) throw new UserError(t.unknownMoment);
      return { type: "form", form: settingsForm(ctx.actor.locale, s) };
    },
  },
  submissions: {
    ...holidayRoutes.submissions,
    [cycleActions.waived]: async (ctx, values, id = "") => {
      const t = checkinTexts(ctx.actor.locale);
      const now = ctx.clock.now();
      const instance = await staffInstance(ctx.db, ctx.actor, id);
      const moment = instance.moment.name[ctx.actor.locale];
      const form = waiveForm(ctx.actor.locale, id, moment, instance.schoolName, values);
      const checked = validate(
        form,
        values,
        z.object({
          reason: z.preprocess(
            (v) => oneValue(v).trim(),
            z
              .string()
              .min(1, t.required)
              .max(300, t.tooLong({ max: 300 })),
          ),
        }),
      );
      if (!checked.ok) return checked.reply;
      await waive(ctx.db, ctx.actor, id, checked.data.reason, now);
      if (instance.ownerId && instance.ownerId !== ctx.actor.personId) {
        const owner = await ctx.db.person.findUnique({
          where: { id: instance.ownerId },
          select: { locale: true },
        });
        const ot = checkinTexts(owner?.locale === "en" ? "en" : "nl");
        const name = instance.moment.name[owner?.locale === "en" ? "en" : "nl"];
        await ctx.db.$transaction((tx) =>
          sendDm(
            tx,
            now,
            `cycle:waived:${id}`,
            instance.ownerId ?? "",
            message(
              heading(ot.waivedTitle({ moment: name })),
              text(
                ot.waivedText({
                  school: instance.schoolName,
                  name: ctx.actor.name,
                  reason: checked.data.reason,
                }),
              ),
            ),
          ),
        );
        ctx.notify();
      }
      return { type: "done", message: say(t.waiveDone({ moment, school: instance.schoolName })) };
    },
    [cycleActions.saveSettings]: async (ctx, values, key = "") => {
      const t = checkinTexts(ctx.actor.locale);
      if (!isBeheerder(ctx.actor)) throw new UserError(t.beheerderOnly);
      const s = (await momentSettings(ctx.db, ctx.actor.swvId)).find((x) => x.moment.key === key);
      if (!s) throw new UserError(t.unknownMoment);
      const form = settingsForm(ctx.actor.locale, s, values);
      const day = z.preprocess((v) => oneValue(v).trim(), z.string().refine(isMonthDay, t.badMonthDay));
      const shape: Record<string, z.ZodType> = {
        enabled: z.preprocess(oneValue, z.enum(["ja", "nee"], { error: t.choose })),
        remindBefore: count(t),
        nudgeAfter: count(t),
        escalateAfter: count(t),
      };
      s.windows.forEach((_, i) => {
        shape[`opens${i}`] = day;
        shape[`due${i}`] = day;
      });
      const schema = z.object(shape).superRefine((v, c) => {
        s.windows.forEach((_, i) => {
          const opens = String(v[`opens${i}`]);
          const due = String(v[`due${i}`]);
          if (inYear(due) < inYear(opens))
            c.addIssue({ code: "custom", path: [`due${i}`], message: t.dueBeforeOpens });
        });
      }, crossFields);
      const checked = validate(form, values, schema);
      if (!checked.ok) return checked.reply;
      const v = checked.data as Record<string, string | number>;
      const windows: Window[] = s.windows.map((_, i) => ({
        opens: String(v[`opens${i}`]),
        due: String(v[`due${i}`]),
      }));
      await saveMomentSetting(ctx.db, ctx.actor, ctx.clock.now(), key, {
        enabled: v.enabled === "ja",
        windows,
        policy: {
          remindBefore: Number(v.remindBefore),
          nudgeAfter: Number(v.nudgeAfter),
          escalateAfter: Number(v.escalateAfter),
        },
      });
      return { type: "done", message: say(t.settingsSaved({ moment: s.moment.name[ctx.actor.locale] })) };
    },
  },
};
