/** The check-in jobs. (The prompt plan itself, pure, is schedule.ts.)
 * - `cycles.instances`, hourly: the current period's instances for every SWV (exactly once).
 * - `cycles.prompts`, hourly in working hours on weekdays: the due prompt steps, one DM per person,
 *   moment and step listing their schools. */
import { sendDm } from "../../jobs/outbox.ts";
import type { Job } from "../../jobs/scheduler.ts";
import { BATCH_SIZE, inBatches } from "../../store/batches.ts";
import type { Db } from "../../store/client.ts";
import type { JobDeps } from "../jobs.ts";
import { atLocal, dateIn, parseClock } from "./dates.ts";
import { periodByKey } from "./periods.ts";
import { type PromptStep, promptSchedule } from "./schedule.ts";
import {
  availabilityOf,
  createInstances,
  createLevelInstances,
  roleHolders,
  rulesFor,
  SEND_AT,
  type SwvCycles,
  swvCycles,
} from "./service.ts";
import { type PromptItem, type PromptKind, promptMessage } from "./views.ts";
import { isWorkingMoment } from "./working-time.ts";

export function cycleJobs(deps: JobDeps): Job[] {
  return [
    {
      name: "cycles.instances",
      cron: "5 * * * *",
      run: async () => {
        await runInstances(deps);
      },
    },
    {
      // Working hours run 08:30-16:30; a prompt found due on a run waits at most an hour.
      name: "cycles.prompts",
      cron: "0 9-16 * * 1-5",
      run: async () => {
        if (await runPrompts(deps)) deps.notify();
      },
    },
  ];
}

const swvIds = async (db: Db) => (await db.swv.findMany({ select: { id: true } })).map((s) => s.id);

/** Creates the current period's instances of every SWV; returns how many. */
export async function runInstances(deps: JobDeps): Promise<number> {
  let created = 0;
  for (const swvId of await swvIds(deps.db)) {
    const now = deps.clock.now();
    created += await createInstances(deps.db, await swvCycles(deps.db, swvId, deps.timezone), now);
    created += await createLevelInstances(deps.db, swvId, deps.timezone, now);
  }
  return created;
}

/** Sends every due prompt step of every SWV; returns how many messages were queued. */
export async function runPrompts(deps: JobDeps): Promise<number> {
  let sent = 0;
  for (const swvId of await swvIds(deps.db))
    sent += await promptSwv(deps, await swvCycles(deps.db, swvId, deps.timezone));
  return sent;
}

interface Due {
  instanceId: string;
  /** The step sent, and the earlier ones it catches up (logged, never sent on their own). */
  step: string;
  key: string;
  skipped: { step: string; key: string }[];
}

interface Group {
  recipient: string;
  kind: PromptKind;
  momentKey: string;
  periodKey: string;
  due: Due[];
}

async function promptSwv(deps: JobDeps, cycles: SwvCycles): Promise<number> {
  const { db, clock } = deps;
  const now = clock.now();
  const today = dateIn(now, cycles.timeZone);
  // Current periods only: after its period closed an instance is not prompted any more.
  const instances = await db.cycleInstance.findMany({
    where: { swvId: cycles.swvId, closesOn: { gte: today }, subjectKind: "school" },
    include: { prompts: { select: { step: true } } },
  });
  if (!instances.length) return 0;
  const overdue = instances.filter((i) => i.state === "open" && today > i.dueOn).map((i) => i.id);
  await inBatches(overdue, BATCH_SIZE, async (ids) => [
    await db.cycleInstance.updateMany({ where: { id: { in: ids } }, data: { state: "overdue" } }),
  ]);

  const schools = new Map(
    (
      await db.school.findMany({
        where: { swvId: cycles.swvId },
        select: { id: true, name: true, holidayRegion: true },
      })
    ).map((s) => [s.id, s]),
  );
  const holderOf = await roleHolders(db, cycles.swvId, [
    ...new Set([...cycles.moments.map((m) => m.owner), ...cycles.moments.map((m) => m.policy.escalateTo)]),
  ]);
  const people = new Set<string>();
  for (const i of instances) {
    const moment = cycles.moments.find((m) => m.key === i.momentKey);
    if (!moment || !i.schoolId) continue;
    people.add(holderOf(moment.owner, i.schoolId) ?? "");
    people.add(holderOf(moment.policy.escalateTo, i.schoolId) ?? "");
  }
  const availability = await availabilityOf(db, [...people].filter(Boolean));
  const rules = (personId: string, region: string) => rulesFor(cycles, region, availability.get(personId));

  const groups = new Map<string, Group>();
  const add = (recipient: string, kind: PromptKind, i: (typeof instances)[number], due: Due) => {
    const id = [recipient, kind, i.momentKey, i.periodKey].join("|");
    const group = groups.get(id) ?? {
      recipient,
      kind,
      momentKey: i.momentKey,
      periodKey: i.periodKey,
      due: [],
    };
    group.due.push(due);
    groups.set(id, group);
  };

  for (const i of instances) {
    if (i.state !== "open" && i.state !== "overdue") continue;
    const moment = cycles.moments.find((m) => m.key === i.momentKey);
    const period = moment && periodByKey(moment, i.periodKey);
    const school = i.schoolId ? schools.get(i.schoolId) : undefined;
    if (!moment || !period || !school) continue;
    const owner = holderOf(moment.owner, school.id);
    if (!owner) continue; // nobody holds the role yet: nothing to prompt until someone does
    if (owner !== i.ownerId) await db.cycleInstance.update({ where: { id: i.id }, data: { ownerId: owner } });
    // "Later" holds every prompt of the instance back until that day.
    if (i.laterOn && today < i.laterOn) continue;
    const ownerRules = rules(owner, school.holidayRegion);
    const done = new Set(i.prompts.map((p) => p.step));
    // The plan leaves pauses out: a pause only delays delivery (the check below), so a pause set
    // later does not move steps that were already sent.
    const plan = { ...ownerRules, pausedUntil: null };
    const steps = effectiveSteps(
      promptSchedule({ moment, period, rules: plan, subjectId: i.subjectId, policy: moment.policy }),
      i.promptFrom,
    );
    const pending = steps.filter((s) => s.at <= now && !done.has(s.step));
    const latest = pending.at(-1);
    if (latest) {
      const recipient = latest.step === "escalate" ? holderOf(latest.to, school.id) : owner;
      const recipientRules = recipient === owner ? ownerRules : rules(recipient ?? "", school.holidayRegion);
      // Off their working day, in their pause or outside the hours: the step waits for the next run.
      if (!recipient || !isWorkingMoment(now, recipientRules)) continue;
      const skipped: Due["skipped"] = pending.slice(0, -1).map((s) => ({ step: s.step, key: s.key }));
      // A "later" day that falls on a scheduled step is covered by it.
      if (i.laterOn && i.laterOn <= today && !done.has(`later-${i.laterOn}`))
        skipped.push({ step: `later-${i.laterOn}`, key: laterKey(i, i.laterOn) });
      add(recipient, latest.step, i, { instanceId: i.id, step: latest.step, key: latest.key, skipped });
      continue;
    }
    // "Later" was chosen: one prompt on that day at the send time.
    if (i.laterOn && i.laterOn <= today && !done.has(`later-${i.laterOn}`)) {
      const at = atLocal(i.laterOn, parseClock(SEND_AT), cycles.timeZone);
      if (now < at || !isWorkingMoment(now, ownerRules)) continue;
      const step = `later-${i.laterOn}`;
      add(owner, "later", i, { instanceId: i.id, step, key: laterKey(i, i.laterOn), skipped: [] });
    }
  }

  const names = new Map(
    (
      await db.person.findMany({
        where: { swvId: cycles.swvId },
        select: { id: true, displayName: true, locale: true },
      })
    ).map((p) => [p.id, p]),
  );
  let sent = 0;
  for (const group of groups.values()) {
    const moment = cycles.moments.find((m) => m.key === group.momentKey);
    if (!moment) continue;
    const listed = instances
      .filter((i) => group.due.some((d) => d.instanceId === i.id))
      .sort((a, b) =>
        (schools.get(a.schoolId ?? "")?.name ?? "").localeCompare(
          schools.get(b.schoolId ?? "")?.name ?? "",
          "nl",
        ),
      );
    // Progress over the recipient's schools of this check-in (as owner, or as the consultant).
    const mine = instances.filter(
      (i) =>
        i.momentKey === group.momentKey &&
        i.periodKey === group.periodKey &&
        i.schoolId &&
        (group.kind === "escalate"
          ? holderOf(moment.policy.escalateTo, i.schoolId) === group.recipient
          : holderOf(moment.owner, i.schoolId) === group.recipient),
    );
    const items: PromptItem[] = listed.map((i) => ({
      instanceId: i.id,
      school: schools.get(i.schoolId ?? "")?.name ?? "",
      overdue: today > i.dueOn,
      ownerName:
        group.kind === "escalate"
          ? names.get(holderOf(moment.owner, i.schoolId ?? "") ?? "")?.displayName
          : undefined,
    }));
    const person = names.get(group.recipient);
    const view = promptMessage({
      locale: person?.locale === "en" ? "en" : person?.locale === "nl" ? "nl" : deps.locale,
      timeZone: cycles.timeZone,
      kind: group.kind,
      moment,
      periodKey: group.periodKey,
      due: listed[0]?.dueOn ?? today,
      items,
      progress: {
        answered: mine.filter((i) => i.state === "answered" || i.state === "waived").length,
        total: mine.length,
      },
    });
    // The message's key is the schedule key of its first school's step: that step is sent once
    // (the log below is unique per instance and step), so the key is too.
    const first = group.due.find((d) => d.instanceId === listed[0]?.id) ?? group.due[0];
    if (!first) continue;
    const claimed = await db
      .$transaction(async (tx) => {
        await tx.cyclePrompt.createMany({
          data: group.due.flatMap((d) => [
            { instanceId: d.instanceId, step: d.step, key: d.key, personId: group.recipient, sentAt: now },
            ...d.skipped.map((s) => ({
              instanceId: d.instanceId,
              step: s.step,
              key: s.key,
              sent: false,
              sentAt: now,
            })),
          ]),
        });
        await sendDm(tx, now, first.key, group.recipient, view);
        return true;
      })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === "P2002") return false; // another run sent it
        throw error;
      });
    if (claimed) sent++;
  }
  return sent;
}

/** An instance made after its period opened starts with an announcement at `promptFrom` (the next
 * working morning); the steps planned before that are folded into it. */
function effectiveSteps(steps: PromptStep[], promptFrom: Date | null): PromptStep[] {
  if (!promptFrom) return steps;
  const before = steps.filter((s) => s.at < promptFrom);
  const after = steps.filter((s) => s.at >= promptFrom);
  const announce = steps.find((s) => s.step === "announce");
  if (!before.length || !announce) return after;
  return [{ ...announce, at: promptFrom }, ...after.filter((s) => s.step !== "announce")];
}

const laterKey = (i: { momentKey: string; periodKey: string; subjectId: string }, day: string) =>
  `cycle:${i.momentKey}:${i.periodKey}:${i.subjectId}:later-${day}`;
