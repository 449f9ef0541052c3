/** Check-ins for SWV staff: the overview per moment and school, reminding owners now, waiving an
 * instance, and an SWV's own moment settings and hours. Who may: `swv-staff` and `beheerder` for
 * the whole SWV, an `swv-consultant` for the schools they hold the role at (SWV-wide: all). */
import type { Actor } from "../../chat/intents.ts";
import { UserError } from "../../core/errors.ts";
import { BATCH_SIZE, inBatches } from "../../store/batches.ts";
import type { Db, Tx } from "../../store/client.ts";
import { audit } from "../audit/audit.ts";
import { namesOf } from "../people/lookup.ts";
import { type CycleMoment, MOMENTS, type ReminderPolicy, type Window } from "./moments.ts";
import { LEVEL_MOMENTS, SCHOOL_MOMENTS, subjectNames } from "./service.ts";
import { checkinTexts } from "./texts.ts";

/** The schools the actor oversees: "all", a list, or null (not SWV staff). */
export function staffScope(actor: Actor): "all" | string[] | null {
  if (actor.roles.some((r) => r.role === "swv-staff" || r.role === "beheerder")) return "all";
  const consultant = actor.roles.filter((r) => r.role === "swv-consultant");
  if (consultant.some((r) => r.schoolId === null)) return "all";
  return consultant.length ? consultant.map((r) => r.schoolId as string) : null;
}

export const isBeheerder = (actor: Actor) => actor.roles.some((r) => r.role === "beheerder");

export interface OverviewRow {
  instanceId: string;
  schoolId: string;
  school: string;
  state: "open" | "overdue" | "answered" | "waived";
  late: boolean;
  ownerId: string | null;
  owner: string | null;
}

export interface MomentOverview {
  moment: CycleMoment;
  periodKey: string;
  dueOn: string;
  rows: OverviewRow[];
}

export interface OverviewFilter {
  momentKey?: string;
  /** A board's DUO number. */
  board?: string;
}

/** The current period of each school moment (the latest one that has opened), its instances in the
 * actor's scope, sorted by school name. */
export async function overview(
  db: Db | Tx,
  actor: Actor,
  filter: OverviewFilter,
  today: string,
): Promise<MomentOverview[]> {
  const scope = staffScope(actor);
  if (!scope) throw new UserError(checkinTexts(actor.locale).staffOnly);
  const schools = await db.school.findMany({
    where: {
      swvId: actor.swvId,
      ...(scope === "all" ? {} : { id: { in: scope } }),
      ...(filter.board ? { board: { duoNumber: filter.board } } : {}),
    },
    select: { id: true, name: true },
  });
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  // The SWV- and board-level moments are for those who see the whole SWV; a board filter keeps the
  // board's own instances (spiegelgesprek) and leaves the SWV's out.
  const boards = filter.board
    ? await db.board.findMany({ where: { duoNumber: filter.board }, select: { id: true } })
    : null;
  const level = scope === "all" ? LEVEL_MOMENTS.filter((m) => !boards || m.scope === "board") : [];
  const moments = [...SCHOOL_MOMENTS, ...level].filter(
    (m) => !filter.momentKey || m.key === filter.momentKey,
  );
  const result: MomentOverview[] = [];
  for (const moment of moments) {
    const latest = await db.cycleInstance.findFirst({
      where: { swvId: actor.swvId, momentKey: moment.key, opensOn: { lte: today } },
      orderBy: { opensOn: "desc" },
      select: { periodKey: true, dueOn: true },
    });
    if (!latest) continue;
    const where = { swvId: actor.swvId, momentKey: moment.key, periodKey: latest.periodKey };
    const select = {
      id: true,
      schoolId: true,
      subjectKind: true,
      subjectId: true,
      state: true,
      late: true,
      ownerId: true,
    } as const;
    // Every school of the SWV: no list of ids in the filter (one query, however many schools).
    const everySchool = scope === "all" && !filter.board;
    const rows =
      moment.scope === "school"
        ? everySchool
          ? (await db.cycleInstance.findMany({ where, select })).filter((r) =>
              schoolName.has(r.schoolId ?? ""),
            )
          : await inBatches(schoolName.keys(), BATCH_SIZE, (batch) =>
              db.cycleInstance.findMany({ where: { ...where, schoolId: { in: batch } }, select }),
            )
        : await db.cycleInstance.findMany({
            where: boards ? { ...where, subjectId: { in: boards.map((b) => b.id) } } : where,
            select,
          });
    const names = moment.scope === "school" ? schoolName : await subjectNames(db, rows);
    if (!rows.length) continue;
    const ownerName = await namesOf(
      db,
      rows.flatMap((r) => (r.ownerId ? [r.ownerId] : [])),
    );
    result.push({
      moment,
      periodKey: latest.periodKey,
      dueOn: latest.dueOn,
      rows: rows
        .map((r) => ({
          instanceId: r.id,
          schoolId: r.schoolId ?? "",
          school: names.get(r.subjectId) ?? "",
          // The prompts job marks overdue hourly; the overview does not wait for it.
          state: (r.state === "open" && today > latest.dueOn ? "overdue" : r.state) as OverviewRow["state"],
          late: r.late,
          ownerId: r.ownerId,
          owner: r.ownerId ? (ownerName.get(r.ownerId) ?? null) : null,
        }))
        .sort((a, b) => a.school.localeCompare(b.school, "nl")),
    });
  }
  return result;
}

/** An instance of the actor's scope, for reminding or waiving. */
export async function staffInstance(db: Db | Tx, actor: Actor, id: string) {
  const t = checkinTexts(actor.locale);
  const scope = staffScope(actor);
  if (!scope) throw new UserError(t.staffOnly);
  const row = await db.cycleInstance.findFirst({ where: { id, swvId: actor.swvId } });
  const moment = row && MOMENTS.find((m) => m.key === row.momentKey);
  if (!row || !moment) throw new UserError(t.gone);
  if (scope !== "all" && !scope.includes(row.schoolId ?? "")) throw new UserError(t.notYourSchool);
  const school = row.schoolId
    ? await db.school.findUnique({ where: { id: row.schoolId }, select: { name: true } })
    : null;
  return { ...row, moment, schoolName: school?.name ?? "" };
}

/** Waives an instance with a reason (audited, without the reason: it is free text). */
export async function waive(db: Db, actor: Actor, id: string, reason: string, now: Date): Promise<void> {
  const t = checkinTexts(actor.locale);
  await db.$transaction(async (tx) => {
    const { count } = await tx.cycleInstance.updateMany({
      where: { id, swvId: actor.swvId, state: { in: ["open", "overdue"] } },
      data: { state: "waived", waivedReason: reason, waivedById: actor.personId },
    });
    if (!count) throw new UserError(t.notWaivable);
    await audit(tx, actor, actor.swvId, now, {
      access: "write",
      entity: "cycle",
      entityId: id,
      action: "cycle.waive",
    });
  });
}

// ---------------------------------------------------------------- settings

export interface MomentSetting {
  moment: CycleMoment;
  enabled: boolean;
  windows: readonly Window[];
  policy: ReminderPolicy;
}

/** Every moment as the SWV has it (also the switched-off ones), for the year view and the form. */
export async function momentSettings(db: Db | Tx, swvId: string): Promise<MomentSetting[]> {
  const settings = await db.cycleMomentSetting.findMany({ where: { swvId } });
  return MOMENTS.map((moment) => {
    const s = settings.find((x) => x.momentKey === moment.key);
    return {
      moment,
      enabled: s?.enabled ?? true,
      windows: s?.windows ? (JSON.parse(s.windows) as Window[]) : moment.windows,
      policy: s?.policy
        ? { ...moment.policy, ...(JSON.parse(s.policy) as Partial<ReminderPolicy>) }
        : moment.policy,
    };
  });
}

export async function saveMomentSetting(
  db: Db,
  actor: Actor,
  now: Date,
  momentKey: string,
  change: {
    enabled: boolean;
    windows: Window[];
    policy: Pick<ReminderPolicy, "remindBefore" | "nudgeAfter" | "escalateAfter">;
  },
): Promise<void> {
  const data = {
    enabled: change.enabled,
    windows: JSON.stringify(change.windows),
    policy: JSON.stringify(change.policy),
  };
  await db.$transaction(async (tx) => {
    await tx.cycleMomentSetting.upsert({
      where: { swvId_momentKey: { swvId: actor.swvId, momentKey } },
      create: { swvId: actor.swvId, momentKey, ...data },
      update: data,
    });
    await audit(tx, actor, actor.swvId, now, {
      access: "write",
      entity: "settings",
      entityId: actor.swvId,
      action: "cycle.settings",
      detail: momentKey,
    });
  });
}

export async function saveHours(db: Db, actor: Actor, now: Date, start: string, end: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.cycleSwvSetting.upsert({
      where: { swvId: actor.swvId },
      create: { swvId: actor.swvId, hoursStart: start, hoursEnd: end },
      update: { hoursStart: start, hoursEnd: end },
    });
    await audit(tx, actor, actor.swvId, now, {
      access: "write",
      entity: "settings",
      entityId: actor.swvId,
      action: "cycle.hours",
    });
  });
}
