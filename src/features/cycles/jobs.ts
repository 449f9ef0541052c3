/** The check-in jobs. (The prompt plan itself, pure, is schedule.ts.)
 * - `cycles.instances`, hourly: the current period's instances for every SWV (exactly once).
 * - `cycles.prompts`, hourly in working hours on weekdays: the due prompt steps, one DM per person,
 *   moment and step listing their schools (or boards, the SWV, cases: every kind of instance). */
import { sendDm } from "../../jobs/outbox.ts";
import type { Job } from "../../jobs/scheduler.ts";
import { BATCH_SIZE, inBatches } from "../../store/batches.ts";
import type { Db } from "../../store/client.ts";
import type { JobDeps } from "../jobs.ts";
import { atLocal, dateIn, parseClock } from "./dates.ts";
import type { CycleMoment } from "./moments.ts";
import { periodByKey } from "./periods.ts";
import { type PromptStep, promptSchedule } from "./schedule.ts";
import {
  availabilityOf,
  createCaseInstances,
  createInstances,
  createLevelInstances,
  roleHolders,
  rulesFor,
  SEND_AT,
  type SwvCycles,
  subjectNames,
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
    const cycles = await swvCycles(deps.db, swvId, deps.timezone);
    created += await createInstances(deps.db, cycles, now);
    created += await createLevelInstances(deps.db, swvId, deps.timezone, now);
    created += await createCaseInstances(deps.db, cycles, now);
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

/** Where an instance's people and working time come from: a school instance's school (its role
 * holders there, its holiday region); an SWV or board instance's SWV (SWV-wide holders, the SWV's
 * working time: no school holidays); a case instance's school, owned by the case's regisseur. */
interface Subject {
  name: string;
  region: string;
  /** The school the roles are looked up at (null: SWV-wide holders). */
  at: string | null;
  /** The owner when it is a person, not a role (the regisseur of an OPP case). */
  owner?: string | null;
}

async function promptSwv(deps: JobDeps, cycles: SwvCycles): Promise<number> {
  const { db, clock } = deps;
  const now = clock.now();
  const today = dateIn(now, cycles.timeZone);
  const allMoments = [...cycles.moments, ...cycles.levelMoments];
  const momentOf = (key: string) => allMoments.find((m) => m.key === key);
  // Current periods only: after its period closed an instance is not prompted any more.
  const instances = await db.cycleInstance.findMany({
    where: { swvId: cycles.swvId, closesOn: { gte: today } },
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
  const levelNames = await subjectNames(
    db,
    instances.filter((i) => i.subjectKind === "swv" || i.subjectKind === "board"),
  );
  const caseIds = instances.filter((i) => i.subjectKind === "case").map((i) => i.subjectId);
  const cases = new Map(
    (caseIds.length
      ? await db.case.findMany({
          where: { id: { in: caseIds } },
          select: { id: true, code: true, regisseurId: true, schoolId: true },
        })
      : []
    ).map((c) => [c.id, c]),
  );
  const subjectOf = (i: (typeof instances)[number]): Subject | undefined => {
    if (i.subjectKind === "school") {
      const school = schools.get(i.schoolId ?? "");
      return school && { name: school.name, region: school.holidayRegion, at: school.id };
    }
    if (i.subjectKind === "case") {
      const kase = cases.get(i.subjectId);
      const school = schools.get(kase?.schoolId ?? "");
      return (
        kase && {
          name: kase.code,
          region: school?.holidayRegion ?? "",
          at: kase.schoolId,
          owner: kase.regisseurId,
        }
      );
    }
    return { name: levelNames.get(i.subjectId) ?? "", region: "", at: null };
  };
  const holderOf = await roleHolders(db, cycles.swvId, [
    ...new Set([...allMoments.map((m) => m.owner), ...allMoments.map((m) => m.policy.escalateTo)]),
  ]);
  const ownerOf = (moment: CycleMoment, subject: Subject) =>
    subject.owner !== undefined ? subject.owner : holderOf(moment.owner, subject.at);
  const subjects = new Map(instances.map((i) => [i.id, subjectOf(i)]));
  const people = new Set<string>();
  for (const i of instances) {
    const moment = momentOf(i.momentKey);
    const subject = subjects.get(i.id);
    if (!moment || !subject) continue;
    people.add(ownerOf(moment, subject) ?? "");
    people.add(holderOf(moment.policy.escalateTo, subject.at) ?? "");
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
    const moment = momentOf(i.momentKey);
    const period = moment && periodByKey(moment, i.periodKey);
    const subject = subjects.get(i.id);
    if (!moment || !period || !subject) continue;
    const owner = ownerOf(moment, subject);
    if (!owner) continue; // nobody holds the role yet: nothing to prompt until someone does
    if (owner !== i.ownerId) await db.cycleInstance.update({ where: { id: i.id }, data: { ownerId: owner } });
    // "Later" holds every prompt of the instance back until that day.
    if (i.laterOn && today < i.laterOn) continue;
    const ownerRules = rules(owner, subject.region);
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
      const recipient = latest.step === "escalate" ? holderOf(latest.to, subject.at) : owner;
      const recipientRules = recipient === owner ? ownerRules : rules(recipient ?? "", subject.region);
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
  const nameOf = (i: (typeof instances)[number]) => subjects.get(i.id)?.name ?? "";
  const byId = new Map(instances.map((i) => [i.id, i]));
  // Per moment: its instances by (escalation?, period, person), as owner and as escalation holder.
  const progress = new Map<string, Map<string, typeof instances>>();
  const progressOf = (moment: CycleMoment) => {
    let found = progress.get(moment.key);
    if (found) return found;
    found = new Map();
    for (const i of instances) {
      const subject = subjects.get(i.id);
      if (i.momentKey !== moment.key || !subject) continue;
      const owner = ownerOf(moment, subject);
      const escalation = holderOf(moment.policy.escalateTo, subject.at);
      for (const [escalate, person] of [
        [false, owner],
        [true, escalation],
      ] as const) {
        if (!person) continue;
        const key = [escalate, i.periodKey, person].join("|");
        const list = found.get(key) ?? [];
        list.push(i);
        found.set(key, list);
      }
    }
    progress.set(moment.key, found);
    return found;
  };
  const ready: Ready[] = [];
  for (const group of groups.values()) {
    const moment = momentOf(group.momentKey);
    if (!moment) continue;
    const listed = group.due
      .flatMap((d) => byId.get(d.instanceId) ?? [])
      .sort((a, b) => nameOf(a).localeCompare(nameOf(b), "nl"));
    // Progress over the recipient's subjects of this check-in (as owner, or as the consultant).
    const mine =
      progressOf(moment).get([group.kind === "escalate", group.periodKey, group.recipient].join("|")) ?? [];
    const items: PromptItem[] = listed.map((i) => {
      const subject = subjects.get(i.id);
      return {
        instanceId: i.id,
        school: nameOf(i),
        overdue: today > i.dueOn,
        ownerName:
          group.kind === "escalate" && subject
            ? names.get(ownerOf(moment, subject) ?? "")?.displayName
            : undefined,
      };
    });
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
    ready.push({ group, key: first.key, view });
  }
  // Many prompts (a fan-out to thousands of schools) commit in batches; a batch that hits a step
  // logged meanwhile (another run sent it) is done again one prompt at a time, skipping that one.
  let sent = 0;
  for (let at = 0; at < ready.length; at += BATCH) {
    const batch = ready.slice(at, at + BATCH);
    if (await logAndQueue(db, now, batch)) sent += batch.length;
    else for (const one of batch) if (await logAndQueue(db, now, [one])) sent++;
  }
  return sent;
}

/** Prompts committed per transaction. */
const BATCH = 100;

type Ready = { group: Group; key: string; view: ReturnType<typeof promptMessage> };

/** Logs the prompts' steps (unique per instance and step) and queues their DMs, all or none;
 * false when a step was logged already. */
async function logAndQueue(db: JobDeps["db"], now: Date, batch: Ready[]): Promise<boolean> {
  return db
    .$transaction(async (tx) => {
      await tx.cyclePrompt.createMany({
        data: batch.flatMap(({ group }) =>
          group.due.flatMap((d) => [
            { instanceId: d.instanceId, step: d.step, key: d.key, personId: group.recipient, sentAt: now },
            ...d.skipped.map((s) => ({
              instanceId: d.instanceId,
              step: s.step,
              key: s.key,
              sent: false,
              sentAt: now,
            })),
          ]),
        ),
      });
      for (const { group, key, view } of batch) await sendDm(tx, now, key, group.recipient, view);
      return true;
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2002") return false; // another run sent it
      throw error;
    });
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
