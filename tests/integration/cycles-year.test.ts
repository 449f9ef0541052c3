/** A whole school year of check-ins (1 August 2026 to 31 July 2027) for an SWV of 30 schools in two
 * holiday regions, on a ManualClock: the jobs run as the scheduler would (instances every morning,
 * prompts at 09:00 every day and 14:00 on weekdays), people answer through the forms. */
import { expect, it } from "vitest";
import type { Core } from "../../src/chat/core.ts";
import { handleIntent } from "../../src/chat/core.ts";
import type { Intent } from "../../src/chat/intents.ts";
import { MemoryChatPort } from "../../src/chat/memory-port.ts";
import { buttonsOf, type MessageView, type Reply } from "../../src/chat/views.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { addDays, atLocal, dateIn, minutesIn, weekday } from "../../src/features/cycles/dates.ts";
import { publicDaysOff, regionFromDuo, schoolHolidays } from "../../src/features/cycles/holidays.ts";
import { runInstances, runPrompts } from "../../src/features/cycles/jobs.ts";
import { momentByKey } from "../../src/features/cycles/moments.ts";
import { periodByKey } from "../../src/features/cycles/periods.ts";
import { type PromptStep, promptSchedule } from "../../src/features/cycles/schedule.ts";
import { type Availability, parseWorkingDays } from "../../src/features/cycles/service.ts";
import { nextWorkingDay, type WorkingRules, workingRules } from "../../src/features/cycles/working-time.ts";
import { createRouter } from "../../src/features/index.ts";
import type { JobDeps } from "../../src/features/jobs.ts";
import { ensureSwv } from "../../src/features/swv/defaults.ts";
import { OutboxDispatcher } from "../../src/jobs/dispatcher.ts";
import type { Db } from "../../src/store/client.ts";
import { describeEachDatabase } from "../support/databases.ts";

const timezone = "Europe/Amsterdam";
/** When the pauses of the commands below were set. */
const PAUSED_FROM: Record<string, string> = { "ib-2": "2026-08-31", "consultant-zuid": "2026-10-30" };
const LAST = "2027-07-31";
const WORKSPACE = "local-year";
const at = (day: string, hhmm: string) =>
  atLocal(day, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), timezone);

/** 30 schools (0-14 Noord, 15-29 Zuid); IB'ers 0-9 each hold school k and 15+k (one per region),
 * IB'ers 10-19 one school each; a directeur per school; a consultant per region; the bureau. */
async function buildSwv(db: Db) {
  return db.$transaction(async (tx) => {
    const { id: swvId } = await ensureSwv(tx, "PO8801", "SWV Jaarrond");
    await tx.workspace.create({ data: { platform: "sandbox", externalId: WORKSPACE, swvId } });
    const board = await tx.board.create({ data: { duoNumber: "88001", name: "Bestuur 88001" } });
    const schools: { id: string; region: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const region = i < 15 ? "Noord" : "Zuid";
      const s = await tx.school.create({
        data: {
          institutionCode: `8${String(i).padStart(2, "0")}X`,
          locationCode: `8${String(i).padStart(2, "0")}X00`,
          name: `School ${String(i).padStart(2, "0")}`,
          postcode: "1000 AA",
          place: "ERGENS",
          municipality: "ERGENS",
          municipalityCode: "0001",
          holidayRegion: region,
          swvId,
          boardId: board.id,
        },
      });
      schools.push({ id: s.id, region });
    }
    const people: Record<string, string> = {};
    const person = async (key: string, roles: [string, number | null][]) => {
      const p = await tx.person.create({
        data: {
          swvId,
          displayName: key,
          identities: { create: { platform: "sandbox", workspaceId: WORKSPACE, userId: key } },
          roles: {
            create: roles.map(([role, i]) => ({ swvId, role, schoolId: i === null ? null : schools[i]?.id })),
          },
        },
      });
      people[key] = p.id;
    };
    for (let k = 0; k < 10; k++)
      await person(`ib-${k}`, [
        ["ib", k],
        ["ib", 15 + k],
      ]);
    for (let k = 10; k < 20; k++) await person(`ib-${k}`, [["ib", k < 15 ? k : k + 10]]);
    for (let i = 0; i < 30; i++) await person(`dir-${i}`, [["directeur", i]]);
    await person(
      "consultant-noord",
      Array.from({ length: 15 }, (_, i) => ["swv-consultant", i] as [string, number]),
    );
    await person(
      "consultant-zuid",
      Array.from({ length: 15 }, (_, i) => ["swv-consultant", 15 + i] as [string, number]),
    );
    await person("bureau", [["swv-staff", null]]);
    return { swvId, schools, people };
  });
}

/** How each school answers: 0 on the announcement, 1 on the nudge (late), 2 never. */
const habit = (school: number) => school % 3;

describeEachDatabase("a school year of check-ins", (get) => {
  it("creates every instance once and prompts on working days only, as people answer", async () => {
    const db = get().db;
    const { swvId, schools, people } = await buildSwv(db);
    const clock = new ManualClock("2026-08-01T06:05:00+02:00");
    const port = new MemoryChatPort();
    const dispatcher = new OutboxDispatcher({ db, port, clock, logger: silentLogger });
    const core: Core = {
      db,
      clock,
      logger: silentLogger,
      timezone,
      locale: "nl",
      router: createRouter(),
      directory: { users: async () => [], displayName: async () => null },
      notify: () => {},
    };
    const deps: JobDeps = { db, clock, logger: silentLogger, timezone, locale: "nl", notify: () => {} };
    const as = (who: string, intent: Intent): Promise<Reply> =>
      handleIntent(
        core,
        { platform: "sandbox", workspaceId: WORKSPACE, userId: who },
        { kind: "dm", id: who },
        intent,
        {
          unlimited: true,
        },
      );
    const keyOf = new Map(Object.entries(people).map(([k, id]) => [id, k]));
    const schoolIndex = new Map(schools.map((s, i) => [s.id, i]));
    const commands: Record<string, [string, string[]][]> = {
      "2026-08-03": [["ib-3", ["werkdagen", "ma", "di", "do"]]],
      "2026-08-31": [["ib-2", ["afwezig", "tot", "18-09-2026"]]],
      "2026-10-30": [["consultant-zuid", ["afwezig", "tot", "2026-11-13"]]],
    };
    const edits = new Map<string, { who: string; id: string }[]>();
    const received: { who: string; day: string; view: MessageView }[] = [];

    const answer = async (who: string, id: string, day: string, edit = false) => {
      const opened = await as(who, { kind: "action", name: "cycle.open", value: id });
      if (opened.type !== "form") throw new Error(`${who} cannot open ${id}: ${JSON.stringify(opened)}`);
      const values: Record<string, string> = {};
      for (const f of opened.form.fields) values[f.name] = typeof f.value === "string" ? f.value : "";
      // The thuiszittersregistratie opens its own form: "none this quarter" (edits say it again).
      if (opened.form.id === "thuiszitters.answer") values.none = "on";
      else Object.assign(values, { done: "ja", date: edit ? values.date || day : day });
      if ("url" in values) values.url = "https://school.example/sop";
      if ("withWhom" in values) values.withWhom = "consulent";
      if (edit) values.note = "Bijgewerkt.";
      const done = await as(who, { kind: "submission", name: opened.form.id, values, context: id });
      if (done.type !== "done") throw new Error(`answer refused: ${JSON.stringify(done)}`);
    };

    for (let day = "2026-08-01"; day <= LAST; day = addDays(day, 1)) {
      clock.set(at(day, "06:05"));
      await runInstances(deps);
      clock.set(at(day, "08:00"));
      for (const [who, args] of commands[day] ?? []) await as(who, { kind: "command", args });
      const hours = weekday(day) <= 5 ? ["09:00", "14:00"] : ["09:00"];
      for (const hour of hours) {
        clock.set(at(day, hour));
        await runPrompts(deps);
        await dispatcher.drain();
        const fresh = port.delivered.splice(0);
        clock.set(at(day, hour.replace(":00", ":30")));
        for (const d of fresh) {
          if (d.request.op !== "dm") continue;
          const who = keyOf.get(d.request.personId) ?? "";
          received.push({ who, day, view: d.request.message });
          const heading = JSON.stringify(d.request.message.blocks[0]);
          if (who.startsWith("consultant") && heading.includes("nog niet ingevuld")) continue; // an escalation
          const kind = heading.includes("staat open") ? 0 : heading.includes("over de datum") ? 1 : -1;
          for (const b of buttonsOf(d.request.message).filter((x) => x.action === "cycle.open")) {
            const instance = await db.cycleInstance.findUniqueOrThrow({ where: { id: b.value ?? "" } });
            const i = schoolIndex.get(instance.schoolId ?? "") ?? -1;
            if (habit(i) !== kind) continue;
            await answer(who, instance.id, day);
            if (i % 6 === 0)
              edits.set(addDays(day, 7), [...(edits.get(addDays(day, 7)) ?? []), { who, id: instance.id }]);
          }
        }
      }
      clock.set(at(day, "10:00"));
      for (const e of edits.get(day) ?? []) await answer(e.who, e.id, day, true);
    }

    // Every instance once: 30 schools x (4 thuiszitters + SOP + jaarplan + jaarverslag + kernpartnergesprek).
    // School instances (the SWV- and board-level ones are not prompted yet).
    const instances = await db.cycleInstance.findMany({
      where: { swvId, subjectKind: "school" },
      include: { prompts: true },
    });
    expect(instances).toHaveLength(30 * 8);
    expect(await runInstances(deps)).toBe(0);

    const availability = async (key: string): Promise<Availability | undefined> => {
      const row = await db.personAvailability.findUnique({ where: { personId: people[key] ?? "" } });
      return row
        ? { pausedUntil: row.pausedUntil, workingDays: parseWorkingDays(row.workingDays) }
        : undefined;
    };
    const ruleCache = new Map<string, WorkingRules>();
    const rulesOf = async (personId: string, duoRegion: string) => {
      const id = `${personId}|${duoRegion}`;
      let rules = ruleCache.get(id);
      if (!rules) {
        const a = await availability(keyOf.get(personId) ?? "");
        const region = regionFromDuo(duoRegion);
        rules = workingRules({
          holidays: region ? schoolHolidays(region) : [],
          workingDays: a?.workingDays ?? [1, 2, 3, 4, 5],
          pausedUntil: a?.pausedUntil ?? null,
        });
        ruleCache.set(id, rules);
      }
      return rules;
    };
    const holderAt = async (role: string, schoolId: string) =>
      (
        (await db.roleAssignment.findFirst({ where: { swvId, role, schoolId } })) ??
        (await db.roleAssignment.findFirstOrThrow({ where: { swvId, role, schoolId: null } }))
      ).personId;

    let steps = 0;
    for (const instance of instances) {
      const moment = momentByKey(instance.momentKey);
      const period = moment && periodByKey(moment, instance.periodKey);
      const school = schools[schoolIndex.get(instance.schoolId ?? "") ?? -1];
      if (!moment || !period || !school) throw new Error("unknown instance");
      const owner = await holderAt(moment.owner, school.id);
      const rules = await rulesOf(owner, school.region);
      // The plan leaves pauses out; a pause delays delivery to the recipient's first working day
      // after it, and a step that is still waiting when the next one is due is caught up by it.
      const plan = promptSchedule({
        moment,
        period,
        rules: { ...rules, pausedUntil: null },
        subjectId: instance.subjectId,
      });
      const until = instance.answeredAt ?? at(LAST, "23:59");
      const planned: (PromptStep & { recipient: string })[] = [];
      for (const step of plan.filter((s) => s.at <= until && s.day <= instance.closesOn)) {
        const recipient = step.step === "escalate" ? await holderAt(step.to, school.id) : owner;
        // A pause counts from the day it was set (the commands above).
        const recipientRules = await rulesOf(recipient, school.region);
        const pausedFrom = PAUSED_FROM[keyOf.get(recipient) ?? ""];
        const day = nextWorkingDay(
          step.day,
          pausedFrom && step.day >= pausedFrom ? recipientRules : { ...recipientRules, pausedUntil: null },
        );
        if (day <= instance.closesOn && at(day, "09:00") <= until) planned.push({ ...step, day, recipient });
      }
      const expected = planned.filter(
        (s, k) => !planned.slice(k + 1).some((later) => later.at <= at(s.day, "09:00")),
      );
      const sent = instance.prompts
        .filter((p) => p.sent)
        .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
      expect(
        sent.map((p) => [p.step, dateIn(p.sentAt, timezone), p.personId]),
        JSON.stringify({ ...instance, prompts: undefined, plan }),
      ).toEqual(expected.map((e) => [e.step, e.day, e.recipient]));
      for (const p of sent) {
        const day = dateIn(p.sentAt, timezone);
        // 09:00 on a weekday that is no public holiday nor the school's holiday.
        expect(minutesIn(p.sentAt, timezone)).toBe(9 * 60);
        expect(weekday(day)).toBeLessThanOrEqual(5);
        expect(publicDaysOff(Number(day.slice(0, 4)))).not.toContain(day);
        const region = regionFromDuo(school.region) ?? "midden";
        expect(schoolHolidays(region).some((h) => h.start <= day && day <= h.end)).toBe(false);
        // Never during a pause or off a working day.
        const who = keyOf.get(p.personId ?? "");
        if (who === "ib-2") expect(day >= "2026-08-31" && day <= "2026-09-18").toBe(false);
        if (who === "consultant-zuid") expect(day >= "2026-10-30" && day <= "2026-11-13").toBe(false);
        if (who === "ib-3") expect([1, 2, 4]).toContain(weekday(day));
        steps++;
      }
      // Answers through the forms: on the announcement on time, on the nudge late, edits recorded.
      const i = schoolIndex.get(school.id) ?? -1;
      const got = sent.map((p) => p.step);
      if (habit(i) === 0 && got.includes("announce"))
        expect(instance).toMatchObject({ state: "answered", late: false });
      if (habit(i) === 1 && got.includes("nudge"))
        expect(instance).toMatchObject({ state: "answered", late: true });
      if (habit(i) === 2 && instance.dueOn < "2027-07-20") expect(instance.state).toBe("overdue");
      if (
        instance.state === "answered" &&
        i % 6 === 0 &&
        instance.answeredAt &&
        addDays(dateIn(instance.answeredAt, timezone), 7) <= instance.closesOn &&
        addDays(dateIn(instance.answeredAt, timezone), 7) <= LAST
      )
        expect(instance.editedAt).not.toBeNull();
    }

    // One person with two schools: one prompt per check-in listing both, with the progress.
    const first = received.filter((r) => r.who === "ib-0" && r.day === "2026-09-01");
    expect(first).toHaveLength(2);
    for (const r of first) {
      expect(buttonsOf(r.view).filter((b) => b.action === "cycle.open")).toHaveLength(2);
      expect(JSON.stringify(r.view)).toContain("0 van 2 scholen ingevuld");
    }
    expect(received.filter((r) => r.who === "ib-2" && r.day < "2026-09-21")).toEqual([]);
    expect(received.filter((r) => r.who === "ib-2" && r.day === "2026-09-21").length).toBeGreaterThan(0);
    const late = instances.filter((x) => x.late).length;
    const edited = instances.filter((x) => x.editedAt).length;
    console.info(
      `school year: ${instances.length} instances, ${steps} prompt steps, ${received.length} DMs, ${late} late, ${edited} edited`,
    );
    expect(late).toBeGreaterThan(0);
    expect(edited).toBeGreaterThan(0);
  }, 300_000);
});
