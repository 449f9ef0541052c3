/** The thuiszitter registry: records with their history, the three clocks, the consultant's view
 * and the Inspectie's counts. Pupil references stay in the store, DMs and forms: never in logs. */
import type { Actor } from "../../chat/intents.ts";
import type { Db, Tx } from "../../store/client.ts";
import type { ThuiszitterRow } from "../../store/rows.ts";
import { audit, auditMany } from "../audit/audit.ts";
import { addDays, type LocalDate, localDate } from "../cycles/dates.ts";
import { CLOCKS, type ClockKey } from "./texts.ts";

/** A thuiszitter as the form reports it. */
export interface Reported {
  pupilRef: string;
  kind: string;
  absentSince: LocalDate;
  offer: string;
  opp: boolean;
  caseCode: string | null;
}

/** What the form says about a thuiszitter known from before. */
export interface KnownUpdate {
  id: string;
  offer: string;
  /** An outcome ends it on `endedOn`. */
  outcome: string | null;
  endedOn: LocalDate | null;
}

const addMonths = (day: LocalDate, n: number): LocalDate => {
  const [y = 0, m = 1, d = 1] = day.split("-").map(Number);
  const month = m - 1 + n;
  const year = y + Math.floor(month / 12);
  const last = new Date(Date.UTC(year, (month % 12) + 1, 0)).getUTCDate();
  return localDate(year, (month % 12) + 1, Math.min(d, last));
};

export const daysBetween = (from: LocalDate, to: LocalDate) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export interface ClockState {
  clock: ClockKey;
  deadline: LocalDate;
  /** The days the clock may run. */
  limit: number;
  /** The goal is reached: the clock stopped. */
  met: boolean;
}

/** The three clocks from the report date: 6 weeks to a fitting place (a full offer), 6 weeks to an
 * OPP, never more than 3 months without any education offer. */
export function clocksOf(t: Pick<ThuiszitterRow, "reportedOn" | "offer" | "opp">): ClockState[] {
  const deadline: Record<ClockKey, LocalDate> = {
    plaats: addDays(t.reportedOn, 42),
    opp: addDays(t.reportedOn, 42),
    aanbod: addMonths(t.reportedOn, 3),
  };
  const met: Record<ClockKey, boolean> = {
    plaats: t.offer === "volledig",
    opp: t.opp,
    aanbod: t.offer !== "geen",
  };
  return CLOCKS.map((clock) => ({
    clock,
    deadline: deadline[clock],
    limit: daysBetween(t.reportedOn, deadline[clock]),
    met: met[clock],
  }));
}

/** The open thuiszitters of a school (the form lists them to confirm, update or end). */
export const openOfSchool = (db: Db | Tx, swvId: string, schoolId: string) =>
  db.thuiszitter.findMany({
    where: { swvId, schoolId, state: "open" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });

/** The check-in's answer in the registry, inside the answer's transaction: known ones confirmed,
 * updated or ended, new ones recorded; each with an event, all audited. Returns how many are open. */
export async function registerAnswer(
  tx: Tx,
  actor: Actor,
  at: { swvId: string; schoolId: string; periodKey: string; today: LocalDate; now: Date },
  known: KnownUpdate[],
  reported: Reported[],
): Promise<number> {
  const { now } = at;
  const existing = await openOfSchool(tx, at.swvId, at.schoolId);
  for (const k of known) {
    const row = existing.find((e) => e.id === k.id);
    if (!row) continue;
    const type = k.outcome ? "ended" : row.offer !== k.offer ? "updated" : "confirmed";
    await tx.thuiszitter.update({
      where: { id: row.id },
      data: k.outcome
        ? { offer: k.offer, state: "ended", outcome: k.outcome, endedOn: k.endedOn, updatedAt: now }
        : { offer: k.offer, updatedAt: now },
    });
    await event(tx, row.id, type, actor.personId, now, {
      period: at.periodKey,
      offer: k.offer,
      ...(k.outcome ? { outcome: k.outcome, endedOn: k.endedOn } : {}),
    });
  }
  for (const r of reported) {
    const row = await tx.thuiszitter.create({
      data: {
        ...r,
        swvId: at.swvId,
        schoolId: at.schoolId,
        periodKey: at.periodKey,
        reportedOn: at.today,
        reportedById: actor.personId,
        createdAt: now,
        updatedAt: now,
      },
    });
    await event(tx, row.id, "reported", actor.personId, now, { period: at.periodKey });
    await audit(tx, actor, at.swvId, now, {
      access: "write",
      entity: "thuiszitter",
      entityId: row.id,
      action: "thuiszitter.report",
    });
  }
  if (known.length)
    await auditMany(
      tx,
      actor,
      at.swvId,
      now,
      known.map((k) => ({
        access: "write",
        entity: "thuiszitter",
        entityId: k.id,
        action: "thuiszitter.update",
      })),
    );
  return tx.thuiszitter.count({ where: { swvId: at.swvId, schoolId: at.schoolId, state: "open" } });
}

export function event(
  tx: Tx,
  thuiszitterId: string,
  type: string,
  actorId: string | null,
  at: Date,
  data?: Record<string, unknown>,
  onceKey?: string,
) {
  return tx.thuiszitterEvent.create({
    data: { thuiszitterId, type, actorId, at, onceKey, data: data ? JSON.stringify(data) : null },
  });
}

const hasRoleAt = (actor: Actor, role: string, schoolId: string) =>
  actor.roles.some((r) => r.role === role && (r.schoolId === schoolId || r.schoolId === null));

/** A record the actor may see and end: an IB'er of its school or the school's consultant. Audited
 * (allowed or denied); null when not allowed or not found. */
export async function recordFor(db: Db, actor: Actor, id: string, now: Date, action: string) {
  const row = await db.thuiszitter.findFirst({ where: { id, swvId: actor.swvId } });
  const allowed =
    row !== null &&
    (hasRoleAt(actor, "ib", row.schoolId) || hasRoleAt(actor, "swv-consultant", row.schoolId));
  if (row)
    await audit(db, actor, row.swvId, now, {
      access: "read",
      entity: "thuiszitter",
      entityId: row.id,
      action: allowed ? action : `${action}.denied`,
    });
  return allowed ? row : null;
}

/** Ends a thuiszitter with an outcome and a date (one transaction: record, event, audit). */
export async function endThuiszitter(
  db: Db,
  actor: Actor,
  row: ThuiszitterRow,
  outcome: string,
  endedOn: LocalDate,
  now: Date,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.thuiszitter.update({
      where: { id: row.id },
      data: { state: "ended", outcome, endedOn, updatedAt: now },
    });
    await event(tx, row.id, "ended", actor.personId, now, { outcome, endedOn });
    await audit(tx, actor, row.swvId, now, {
      access: "write",
      entity: "thuiszitter",
      entityId: row.id,
      action: "thuiszitter.end",
    });
  });
}

/** The open thuiszitters of the consultant's schools (SWV-wide: all), each read audited. */
export async function consultantList(db: Db, actor: Actor, now: Date) {
  const scopes = actor.roles.filter((r) => r.role === "swv-consultant");
  const wide = scopes.some((r) => r.schoolId === null);
  const schoolIds = scopes.flatMap((r) => (r.schoolId ? [r.schoolId] : []));
  const rows = await db.thuiszitter.findMany({
    where: { swvId: actor.swvId, state: "open", ...(wide ? {} : { schoolId: { in: schoolIds } }) },
    orderBy: [{ reportedOn: "asc" }, { id: "asc" }],
  });
  const schools = new Map(
    (
      await db.school.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.schoolId))] } },
        select: { id: true, name: true },
      })
    ).map((s) => [s.id, s.name]),
  );
  await auditMany(
    db,
    actor,
    actor.swvId,
    now,
    rows.map((r) => ({ access: "read", entity: "thuiszitter", entityId: r.id, action: "thuiszitter.list" })),
  );
  return rows.map((r) => ({ ...r, schoolName: schools.get(r.schoolId) ?? "" }));
}

// ---------------------------------------------------------------- the Inspectie's counts

export interface ExportRow {
  swv: string;
  school: string;
  locationCode: string;
  kind: string;
  /** A number, or "<5" for a school-level count of 1 to 4. */
  count: number | "<5";
}

/** Counts only: the thuiszitters open at any time in the period's span (reported by its end, not
 * ended before its start), per kind, for the SWV (exact) and per school (1-4 shown as "<5"). */
export async function exportCounts(
  db: Db,
  swvCode: string,
  span: { start: LocalDate; end: LocalDate },
): Promise<ExportRow[] | null> {
  const swv = await db.swv.findFirst({ where: { code: swvCode }, select: { id: true, code: true } });
  if (!swv) return null;
  const rows = await db.thuiszitter.findMany({
    where: {
      swvId: swv.id,
      reportedOn: { lte: span.end },
      OR: [{ endedOn: null }, { endedOn: { gte: span.start } }],
    },
    select: { schoolId: true, kind: true },
  });
  const schools = await db.school.findMany({
    where: { swvId: swv.id },
    select: { id: true, name: true, locationCode: true },
    orderBy: { locationCode: "asc" },
  });
  const out: ExportRow[] = [];
  const kinds = ["ingeschreven", "niet-ingeschreven", "vrijstelling"];
  for (const kind of kinds)
    out.push({
      swv: swv.code,
      school: "",
      locationCode: "",
      kind,
      count: rows.filter((r) => r.kind === kind).length,
    });
  for (const s of schools)
    for (const kind of kinds) {
      const n = rows.filter((r) => r.schoolId === s.id && r.kind === kind).length;
      out.push({
        swv: swv.code,
        school: s.name,
        locationCode: s.locationCode,
        kind,
        count: n > 0 && n < 5 ? "<5" : n,
      });
    }
  return out;
}

/** A case was opened from the record: its code is kept (the knooppunt is no longer proposed). */
export async function linkCase(db: Db, actor: Actor, row: ThuiszitterRow, code: string, now: Date) {
  await db.$transaction(async (tx) => {
    await tx.thuiszitter.update({ where: { id: row.id }, data: { caseCode: code, updatedAt: now } });
    await event(tx, row.id, "case", actor.personId, now, { code });
    await audit(tx, actor, row.swvId, now, {
      access: "write",
      entity: "thuiszitter",
      entityId: row.id,
      action: "thuiszitter.case",
    });
  });
}
