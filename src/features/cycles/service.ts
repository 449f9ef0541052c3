/** Check-ins in the store: an SWV's configuration of the moments, the working rules of a person at
 * a school, the instances of each period, and answering them. The jobs are in jobs.ts. */
import type { Actor } from "../../chat/intents.ts";
import { UserError } from "../../core/errors.ts";
import { BATCH_SIZE, inBatches } from "../../store/batches.ts";
import type { Db, Tx } from "../../store/client.ts";
import { audit } from "../audit/audit.ts";
import { refreshPromptCards } from "./cards.ts";
import { addDays, atLocal, dateIn, type LocalDate, parseClock, type Weekday } from "./dates.ts";
import { type HolidayOverride, regionFromDuo, type SchoolHoliday, schoolHolidays } from "./holidays.ts";
import { type CycleMoment, MOMENTS, type ReminderPolicy, type Window } from "./moments.ts";
import { type Period, periodByKey, periodFor } from "./periods.ts";
import { checkinTexts } from "./texts.ts";
import { DEFAULT_RULES, nextWorkingDay, type WorkingRules } from "./working-time.ts";

/** The moments this part of the issue runs: one instance per school. */
export const SCHOOL_MOMENTS = MOMENTS.filter((m) => m.scope === "school");

/** The local time a prompt goes out (the schedule's default). */
export const SEND_AT = "09:00";

/** An SWV's check-in configuration: its enabled moments (with its own windows and policy), hours
 * and holiday ranges. */
export interface SwvCycles {
  swvId: string;
  timeZone: string;
  moments: CycleMoment[];
  /** The SWV-, board- and case-level moments it has on (their instances: createLevelInstances,
   * createCaseInstances), with its own windows and policy too. */
  levelMoments: CycleMoment[];
  hours: { start: string; end: string };
  holidays(duoRegion: string): SchoolHoliday[];
}

export async function swvCycles(db: Db | Tx, swvId: string, timeZone: string): Promise<SwvCycles> {
  const [settings, hours, own] = await Promise.all([
    db.cycleMomentSetting.findMany({ where: { swvId } }),
    db.cycleSwvSetting.findUnique({ where: { swvId } }),
    db.cycleHoliday.findMany({ where: { swvId } }),
  ]);
  const configured = (list: CycleMoment[]) =>
    list.flatMap((m) => {
      const s = settings.find((x) => x.momentKey === m.key);
      if (s && !s.enabled) return [];
      const windows = s?.windows ? (JSON.parse(s.windows) as Window[]) : m.windows;
      const policy = s?.policy
        ? { ...m.policy, ...(JSON.parse(s.policy) as Partial<ReminderPolicy>) }
        : m.policy;
      return [{ ...m, windows, policy }];
    });
  const moments = configured(SCHOOL_MOMENTS);
  const levelMoments = configured(MOMENTS.filter((m) => m.scope !== "school"));
  const cache = new Map<string, SchoolHoliday[]>();
  return {
    swvId,
    timeZone,
    moments,
    levelMoments,
    hours: {
      start: hours?.hoursStart ?? DEFAULT_RULES.hours.start,
      end: hours?.hoursEnd ?? DEFAULT_RULES.hours.end,
    },
    holidays(duoRegion) {
      const region = regionFromDuo(duoRegion);
      // A school without a known region gets no school holidays rather than another region's.
      if (!region) return [];
      let found = cache.get(region);
      if (!found) {
        const overrides: HolidayOverride[] = own.filter((h) => h.region === null || h.region === region);
        found = schoolHolidays(region, overrides);
        cache.set(region, found);
      }
      return found;
    },
  };
}

export interface Availability {
  pausedUntil: LocalDate | null;
  workingDays: Weekday[];
}

export const parseWorkingDays = (value: string): Weekday[] =>
  value
    .split(",")
    .map(Number)
    .filter((d) => d >= 1 && d <= 7) as Weekday[];

export async function availabilityOf(db: Db | Tx, personIds: string[]): Promise<Map<string, Availability>> {
  const rows = await inBatches(personIds, BATCH_SIZE, (batch) =>
    db.personAvailability.findMany({ where: { personId: { in: batch } } }),
  );
  return new Map(
    rows.map((r) => [
      r.personId,
      { pausedUntil: r.pausedUntil, workingDays: parseWorkingDays(r.workingDays) },
    ]),
  );
}

/** When a person can be prompted about a school: the SWV's hours, the school's holidays, the
 * person's working days and pause. */
export function rulesFor(cycles: SwvCycles, duoRegion: string, availability?: Availability): WorkingRules {
  return {
    timeZone: cycles.timeZone,
    hours: cycles.hours,
    holidays: cycles.holidays(duoRegion),
    workingDays: availability?.workingDays ?? DEFAULT_RULES.workingDays,
    pausedUntil: availability?.pausedUntil ?? null,
  };
}

/** Role holders per school: `ownerOf(role, schoolId)` is the first assigned at the school, else
 * the first SWV-wide holder (a consultant for the whole SWV). */
export async function roleHolders(db: Db | Tx, swvId: string, roles: string[]) {
  const rows = await db.roleAssignment.findMany({
    where: { swvId, role: { in: roles } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { role: true, schoolId: true, personId: true },
  });
  // The first holder per (role, school), indexed: a fan-out looks up thousands of schools.
  const first = new Map<string, string>();
  for (const r of rows) {
    const key = `${r.role}|${r.schoolId ?? ""}`;
    if (!first.has(key)) first.set(key, r.personId);
  }
  return (role: string, schoolId: string | null): string | null =>
    (schoolId !== null ? first.get(`${role}|${schoolId}`) : undefined) ?? first.get(`${role}|`) ?? null;
}

// ---------------------------------------------------------------- instances

/** Creates the instances of the current period of every enabled moment for every active school of
 * the SWV that lacks one; returns how many were created. Exactly once per (moment, period, school):
 * the unique constraint holds when two replicas race. An instance made after its period opened
 * (an SWV or school that starts mid-period) is prompted from the next working morning on. */
export async function createInstances(db: Db, cycles: SwvCycles, now: Date): Promise<number> {
  const today = dateIn(now, cycles.timeZone);
  const schools = await db.school.findMany({
    where: { swvId: cycles.swvId, active: true },
    select: { id: true, holidayRegion: true },
  });
  const ownerOf = await roleHolders(db, cycles.swvId, [...new Set(cycles.moments.map((m) => m.owner))]);
  const rows = [];
  for (const moment of cycles.moments) {
    const period = periodFor(moment, today);
    const existing = await db.cycleInstance.findMany({
      where: { swvId: cycles.swvId, momentKey: moment.key, periodKey: period.key },
      select: { subjectId: true },
    });
    const have = new Set(existing.map((e) => e.subjectId));
    const opened = now >= atLocal(period.opens, parseClock(SEND_AT), cycles.timeZone);
    for (const school of schools.filter((s) => !have.has(s.id))) {
      const rules = rulesFor(cycles, school.holidayRegion);
      rows.push({
        swvId: cycles.swvId,
        momentKey: moment.key,
        periodKey: period.key,
        subjectKind: "school",
        subjectId: school.id,
        schoolId: school.id,
        ownerId: ownerOf(moment.owner, school.id),
        opensOn: period.opens,
        dueOn: period.due,
        closesOn: period.end,
        promptFrom: opened
          ? atLocal(nextWorkingDay(addDays(today, 1), rules), parseClock(SEND_AT), cycles.timeZone)
          : null,
        createdAt: now,
      });
    }
  }
  return insertOnce(db, rows);
}

/** The moments owned at SWV or board level (teldatum, groeitelling; spiegelgesprek per board). */
export const LEVEL_MOMENTS = MOMENTS.filter((m) => m.scope === "swv" || m.scope === "board");

/** Creates the current period's instances of the SWV- and board-level moments the SWV has on: one
 * for the SWV (owner: its `swv-staff`), one per board with active schools in the SWV (owner: the
 * SWV-wide `bestuur` holder). The prompts job prompts them like school instances (in the SWV's
 * working time);
 * the owner sees them on the Home page, SWV staff in `/knoop cyclus`. */
export async function createLevelInstances(
  db: Db,
  swvId: string,
  timeZone: string,
  now: Date,
): Promise<number> {
  const today = dateIn(now, timeZone);
  const settings = await db.cycleMomentSetting.findMany({ where: { swvId } });
  const boards = await db.school.findMany({
    where: { swvId, active: true },
    distinct: ["boardId"],
    select: { boardId: true },
  });
  const ownerOf = await roleHolders(db, swvId, ["swv-staff", "bestuur"]);
  const rows = [];
  for (const base of LEVEL_MOMENTS) {
    const s = settings.find((x) => x.momentKey === base.key);
    if (s && !s.enabled) continue;
    const moment = s?.windows ? { ...base, windows: JSON.parse(s.windows) as Window[] } : base;
    const period = periodFor(moment, today);
    const subjects =
      moment.scope === "swv"
        ? [{ kind: "swv", id: swvId }]
        : boards.map((b) => ({ kind: "board", id: b.boardId }));
    const existing = await db.cycleInstance.findMany({
      where: { swvId, momentKey: moment.key, periodKey: period.key },
      select: { subjectId: true },
    });
    const have = new Set(existing.map((e) => e.subjectId));
    for (const subject of subjects.filter((x) => !have.has(x.id)))
      rows.push({
        swvId,
        momentKey: moment.key,
        periodKey: period.key,
        subjectKind: subject.kind,
        subjectId: subject.id,
        schoolId: null,
        ownerId: ownerOf(moment.owner, null),
        opensOn: period.opens,
        dueOn: period.due,
        closesOn: period.end,
        promptFrom: null,
        createdAt: now,
      });
  }
  return insertOnce(db, rows);
}

/** Creates this year's OPP evaluation (`opp-evaluatie`) for every open knooppunt case with an OPP:
 * a case is linked from a thuiszitter record that has one (the registry's `opp`). Owner: the case's
 * regisseur; prompted like a school instance (the school's working time). */
export async function createCaseInstances(db: Db, cycles: SwvCycles, now: Date): Promise<number> {
  const moment = cycles.levelMoments.find((m) => m.key === "opp-evaluatie");
  if (!moment) return 0;
  const today = dateIn(now, cycles.timeZone);
  const period = periodFor(moment, today);
  const withOpp = await db.thuiszitter.findMany({
    where: { swvId: cycles.swvId, opp: true, caseCode: { not: null } },
    select: { caseCode: true },
  });
  const codes = [...new Set(withOpp.map((t) => t.caseCode as string))];
  if (!codes.length) return 0;
  const cases = await db.case.findMany({
    where: { swvId: cycles.swvId, code: { in: codes }, status: { not: "afgesloten" } },
    select: { id: true, schoolId: true, regisseurId: true },
  });
  const regions = new Map(
    (
      await db.school.findMany({
        where: { id: { in: cases.map((c) => c.schoolId) } },
        select: { id: true, holidayRegion: true },
      })
    ).map((x) => [x.id, x.holidayRegion]),
  );
  const have = new Set(
    (
      await db.cycleInstance.findMany({
        where: { swvId: cycles.swvId, momentKey: moment.key, periodKey: period.key },
        select: { subjectId: true },
      })
    ).map((e) => e.subjectId),
  );
  const opened = now >= atLocal(period.opens, parseClock(SEND_AT), cycles.timeZone);
  const rows = cases
    .filter((c) => !have.has(c.id))
    .map((c) => ({
      swvId: cycles.swvId,
      momentKey: moment.key,
      periodKey: period.key,
      subjectKind: "case",
      subjectId: c.id,
      schoolId: c.schoolId,
      ownerId: c.regisseurId,
      opensOn: period.opens,
      dueOn: period.due,
      closesOn: period.end,
      promptFrom: opened
        ? atLocal(
            nextWorkingDay(addDays(today, 1), rulesFor(cycles, regions.get(c.schoolId) ?? "")),
            parseClock(SEND_AT),
            cycles.timeZone,
          )
        : null,
      createdAt: now,
    }));
  return insertOnce(db, rows);
}

type InstanceData = Parameters<Db["cycleInstance"]["create"]>[0]["data"];
/** Inserts instances exactly once per (moment, period, subject), also when replicas race. */
async function insertOnce(db: Db, rows: InstanceData[]): Promise<number> {
  if (!rows.length) return 0;
  try {
    return (await db.cycleInstance.createMany({ data: rows })).count;
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    // Another replica created some of them meanwhile: add the rest one by one.
    let created = 0;
    for (const data of rows)
      created += await db.cycleInstance
        .create({ data })
        .then(() => 1)
        .catch((e: unknown) => {
          if ((e as { code?: string }).code === "P2002") return 0;
          throw e;
        });
    return created;
  }
}

/** What an instance is about, by name: the school, the board, or the SWV. */
export async function subjectNames(
  db: Db | Tx,
  rows: { subjectKind: string; subjectId: string }[],
): Promise<Map<string, string>> {
  const ids = (kind: string) => rows.filter((r) => r.subjectKind === kind).map((r) => r.subjectId);
  const select = { id: true, name: true } as const;
  const [schools, boards, swvs, cases] = await Promise.all([
    inBatches(ids("school"), BATCH_SIZE, (b) => db.school.findMany({ where: { id: { in: b } }, select })),
    inBatches(ids("board"), BATCH_SIZE, (b) => db.board.findMany({ where: { id: { in: b } }, select })),
    inBatches(ids("swv"), BATCH_SIZE, (b) => db.swv.findMany({ where: { id: { in: b } }, select })),
    // A case is named by its code only (never by the pupil).
    inBatches(ids("case"), BATCH_SIZE, (b) =>
      db.case.findMany({ where: { id: { in: b } }, select: { id: true, code: true } }),
    ),
  ]);
  return new Map([
    ...[...schools, ...boards, ...swvs].map((x): [string, string] => [x.id, x.name]),
    ...cases.map((c): [string, string] => [c.id, c.code]),
  ]);
}

// ---------------------------------------------------------------- answering

export interface LoadedInstance {
  id: string;
  swvId: string;
  moment: CycleMoment;
  period: Period;
  schoolId: string | null;
  schoolName: string;
  ownerId: string | null;
  state: string;
  dueOn: string;
  closesOn: string;
  answer: Record<string, string> | null;
  answeredAt: Date | null;
}

/** An instance the actor may answer: its owner, anyone holding the owner role at the school, or
 * the school's consultant. */
export async function answerableInstance(
  db: Db | Tx,
  actor: Actor,
  id: string,
  timeZone: string,
  now: Date,
): Promise<LoadedInstance> {
  const t = checkinTexts(actor.locale);
  const row = await db.cycleInstance.findFirst({ where: { id, swvId: actor.swvId } });
  const moment = row && MOMENTS.find((m) => m.key === row.momentKey);
  const period = row && moment && periodByKey(moment, row.periodKey);
  if (!row || !moment || !period) throw new UserError(t.gone);
  const roleHere = (role: string) =>
    actor.roles.some((r) => r.role === role && (r.schoolId === row.schoolId || r.schoolId === null));
  if (row.ownerId !== actor.personId && !roleHere(moment.owner) && !roleHere("swv-consultant"))
    throw new UserError(t.notYours);
  if (row.state === "waived") throw new UserError(t.waived);
  if (dateIn(now, timeZone) > row.closesOn) throw new UserError(t.closed({ closes: row.closesOn }));
  const names = await subjectNames(db, [row]);
  return {
    id: row.id,
    swvId: row.swvId,
    moment,
    period,
    schoolId: row.schoolId,
    schoolName: names.get(row.subjectId) ?? "",
    ownerId: row.ownerId,
    state: row.state,
    dueOn: row.dueOn,
    closesOn: row.closesOn,
    answer: row.answer ? (JSON.parse(row.answer) as Record<string, string>) : null,
    answeredAt: row.answeredAt,
  };
}

/** Stores an answer: the first one marks the instance answered (late after the due date); later
 * ones are edits. Both are audited (without the answer: it may hold free text). */
export async function saveAnswer(
  db: Db,
  actor: Actor,
  instance: LoadedInstance,
  values: Record<string, string>,
  now: Date,
  timeZone: string,
  /** More to write in the answer's transaction (the thuiszitter registry). */
  also?: (tx: Tx) => Promise<void>,
): Promise<"onTime" | "late" | "edited"> {
  const late = dateIn(now, timeZone) > instance.dueOn;
  const answer = JSON.stringify(values);
  // Whether this is the first answer is decided by the row in the transaction, not by what was
  // loaded before it: of two submissions at once (a double click) one answers, the other edits,
  // and a waiver in between is not overwritten.
  const first = await db.$transaction(async (tx) => {
    const answered = await tx.cycleInstance.updateMany({
      where: { id: instance.id, answeredAt: null, state: { in: ["open", "overdue"] } },
      data: { state: "answered", late, answeredAt: now, answeredById: actor.personId, answer },
    });
    const first = answered.count > 0;
    if (!first) {
      const edited = await tx.cycleInstance.updateMany({
        where: { id: instance.id, state: "answered" },
        data: { editedAt: now, answer },
      });
      if (!edited.count) throw new UserError(checkinTexts(actor.locale).waived);
    }
    await audit(tx, actor, instance.swvId, now, {
      access: "write",
      entity: "cycle",
      entityId: instance.id,
      action: first ? (late ? "cycle.answer.late" : "cycle.answer") : "cycle.edit",
    });
    await also?.(tx);
    // The prompt cards that listed it show it answered from now on.
    if (first)
      await refreshPromptCards(tx, {
        instanceId: instance.id,
        moment: instance.moment,
        now,
        timeZone,
        names: (rows) => subjectNames(tx, rows),
      });
    return first;
  });
  return first ? (late ? "late" : "onTime") : "edited";
}

/** "Later": the actor's open instances of a moment and period are prompted again on `day`
 * (and not before). Returns how many. */
export async function setLater(
  db: Db,
  actor: Actor,
  momentKey: string,
  periodKey: string,
  day: LocalDate,
): Promise<number> {
  const { count } = await db.cycleInstance.updateMany({
    where: {
      swvId: actor.swvId,
      ownerId: actor.personId,
      momentKey,
      periodKey,
      state: { in: ["open", "overdue"] },
    },
    data: { laterOn: day },
  });
  return count;
}

// ---------------------------------------------------------------- the person's settings

export async function setAvailability(
  db: Db,
  actor: Actor,
  now: Date,
  change: { pausedUntil?: LocalDate | null; workingDays?: Weekday[] },
): Promise<void> {
  const data = {
    ...(change.pausedUntil !== undefined ? { pausedUntil: change.pausedUntil } : {}),
    ...(change.workingDays ? { workingDays: change.workingDays.join(",") } : {}),
  };
  await db.$transaction(async (tx) => {
    await tx.personAvailability.upsert({
      where: { personId: actor.personId },
      create: { personId: actor.personId, ...data },
      update: data,
    });
    await audit(tx, actor, actor.swvId, now, {
      access: "write",
      entity: "person",
      entityId: actor.personId,
      action: change.workingDays ? "availability.workdays" : "availability.pause",
    });
  });
}

/** The person's own open check-ins of current periods (for the Home tab), soonest due first. */
export async function myOpenCheckins(db: Db | Tx, actor: Actor, today: LocalDate) {
  const rows = await db.cycleInstance.findMany({
    where: {
      swvId: actor.swvId,
      ownerId: actor.personId,
      state: { in: ["open", "overdue"] },
      opensOn: { lte: today },
      closesOn: { gte: today },
    },
    orderBy: [{ dueOn: "asc" }, { id: "asc" }],
    select: { id: true, momentKey: true, subjectKind: true, subjectId: true, dueOn: true },
  });
  const name = await subjectNames(db, rows);
  return rows.flatMap((r) => {
    const moment = MOMENTS.find((m) => m.key === r.momentKey);
    return moment
      ? [
          {
            id: r.id,
            moment,
            school: name.get(r.subjectId) ?? "",
            dueOn: r.dueOn,
            overdue: today > r.dueOn,
          },
        ]
      : [];
  });
}
