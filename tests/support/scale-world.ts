/** A big SWV for the query-count tests and `npm run bench:scale`: the test world (schools A and B
 * and its cast) plus `schools` schools with an IB'er each, `cases` cases with an open action, a
 * goal, a note and a confirmed meeting each, as many open signals, and open thuiszitters.
 * - the IB'er of school A ("ib") leads `heavy` cases and reported `heavy` of the signals;
 * - the leerplichtambtenaar ("leerplicht") takes part in `light` cases (with consent) and was sent
 *   `light` signals;
 * - as many open actions (of open cases) as cases, each due tomorrow (half of them) or overdue (the
 *   other half), so the reminders job handles all of them; a confirmed meeting per open case, half
 *   of them tomorrow.
 * Rows go in with createMany (Prisma cuts them into statements below the parameter limit). */
import { randomUUID } from "node:crypto";
import { parseLocal } from "../../src/core/format.ts";
import type { Db } from "../../src/store/client.ts";
import { createWorld, type World } from "./world.ts";

export interface ScaleOptions {
  cases: number;
  schools: number;
  heavy: number;
  light: number;
  /** Open thuiszitters (default: one per 20 cases). */
  thuiszitters?: number;
}

export interface ScaleWorld extends World {
  options: ScaleOptions;
  /** All school ids, A and B first. */
  schoolIds: string[];
}

const TZ = "Europe/Amsterdam";
const day = (iso: string) => parseLocal(iso, TZ) as Date;

export async function createScaleWorld(db: Db, options: ScaleOptions): Promise<ScaleWorld> {
  const world = await createWorld(db);
  const { swvId } = world;
  const now = world.clock.now();
  const swv = await db.swv.findUniqueOrThrow({ where: { id: swvId }, select: { code: true } });
  const board = await db.board.findFirstOrThrow({ where: { duoNumber: "99999" } });

  // Schools, each with its own IB'er (the regisseur of the cases there).
  const extra = Array.from({ length: Math.max(0, options.schools - 2) }, (_, i) => ({
    id: randomUUID() as string,
    institutionCode: `S${i}`,
    locationCode: `${swv.code}-${i}`,
    name: `School ${String(i).padStart(5, "0")}`,
    postcode: "6131 AA",
    place: "SITTARD",
    municipality: "SITTARD-GELEEN",
    municipalityCode: "1883",
    holidayRegion: "Zuid",
    pupilCount: 200,
    swvId,
    boardId: board.id,
  }));
  await db.school.createMany({ data: extra });
  const schoolIds: string[] = [world.schools.A, world.schools.B, ...extra.map((s) => s.id)];
  const ibers = extra.map((s, i) => ({
    id: randomUUID() as string,
    swvId,
    displayName: `IB'er ${i}`,
    schoolId: s.id,
  }));
  await db.person.createMany({ data: ibers.map(({ schoolId: _, ...p }) => p) });
  await db.roleAssignment.createMany({
    data: ibers.map((p) => ({ personId: p.id, swvId, role: "ib", schoolId: p.schoolId })),
  });
  const schoolIber = new Map(ibers.map((p) => [p.schoolId, p.id]));

  // Cases: the heavy person's first, then the light person's, then the rest of the SWV.
  const { ib, leerplicht, jgz } = world.people;
  const cases = Array.from({ length: options.cases }, (_, i) => {
    const schoolId =
      i < options.heavy ? world.schools.A : (schoolIds[2 + (i % extra.length)] ?? world.schools.B);
    const regisseurId = i < options.heavy ? ib : (schoolIber.get(schoolId) ?? ib);
    const year = 2026 - Math.floor(i / 9999);
    return {
      id: randomUUID(),
      swvId,
      code: `K-${year}-${String((i % 9999) + 1).padStart(4, "0")}`,
      schoolId,
      pupilRef: `${10000 + i}`,
      form: "verkennend",
      status: i % 10 === 9 ? "afgesloten" : "verkennend",
      regisseurId,
      consentDate: day("2026-09-01"),
      consentById: regisseurId,
      reason: "Verzuim",
      createdAt: new Date(now.getTime() - (options.cases - i) * 60_000),
      closedAt: i % 10 === 9 ? now : null,
    };
  });
  await db.case.createMany({ data: cases });
  const lightFrom = options.heavy;
  await db.caseParticipant.createMany({
    data: cases.flatMap((c, i) => [
      { caseId: c.id, personId: c.regisseurId, role: "ib", addedAt: c.createdAt },
      ...(i < options.heavy ? [{ caseId: c.id, personId: jgz, role: "jgz", addedAt: c.createdAt }] : []),
      ...(i >= lightFrom && i < lightFrom + options.light
        ? [{ caseId: c.id, personId: leerplicht, role: "leerplicht", addedAt: c.createdAt }]
        : []),
    ]),
  });
  const open = cases.filter((c) => c.closedAt === null);
  // As many open actions as cases (some open cases have two).
  await db.caseAction.createMany({
    data: cases
      .map((_, i) => open[i % open.length] as (typeof cases)[number])
      .map((c, i) => ({
        caseId: c.id,
        description: `Afspraak ${i}`,
        ownerId: c.regisseurId,
        dueDate: i % 2 ? day("2026-11-24") : day("2026-11-20"),
        createdById: c.regisseurId,
        createdAt: c.createdAt,
      })),
  });
  await db.caseGoal.createMany({
    data: cases.map((c) => ({
      caseId: c.id,
      text: "Weer naar school",
      createdById: c.regisseurId,
      createdAt: c.createdAt,
    })),
  });
  await db.caseNote.createMany({
    data: cases.map((c) => ({
      caseId: c.id,
      text: "Gesprek gehad",
      authorId: c.regisseurId,
      createdAt: c.createdAt,
    })),
  });
  const meetings = open.map((c) => ({ id: randomUUID() as string, slotId: randomUUID() as string, c }));
  await db.meeting.createMany({
    data: meetings.map((m) => ({
      id: m.id,
      caseId: m.c.id,
      status: "bevestigd",
      proposedById: m.c.regisseurId,
      confirmedSlotId: m.slotId,
      createdAt: m.c.createdAt,
    })),
  });
  await db.meetingSlot.createMany({
    // Half tomorrow at 10:00 (the meeting reminders job has them all), half in December.
    data: meetings.map((m, i) => ({
      id: m.slotId,
      meetingId: m.id,
      startsAt: i % 2 ? new Date(day("2026-11-24").getTime() + 10 * 3_600_000) : day("2026-12-15"),
    })),
  });

  // Open signals: the heavy person reported `heavy`, the light person was sent `light`.
  const signals = Array.from({ length: options.cases }, (_, i) => {
    const schoolId =
      i < options.heavy ? world.schools.A : (schoolIds[2 + (i % extra.length)] ?? world.schools.B);
    return {
      id: randomUUID(),
      swvId,
      schoolId,
      reporterId: i < options.heavy ? ib : (schoolIber.get(schoolId) ?? ib),
      pupilRef: `${20000 + i}`,
      domain: "verzuim",
      description: "Vaak afwezig",
      urgency: "normaal",
      status: i % 3 === 2 ? "opgepakt" : "nieuw",
      assigneeId: null,
      assignedRole: "leerplicht",
      createdAt: new Date(now.getTime() - (options.cases - i) * 60_000),
    };
  });
  await db.signal.createMany({ data: signals });
  await db.signalEvent.createMany({
    data: signals
      .slice(lightFrom, lightFrom + options.light)
      .map((s) => ({ signalId: s.id, type: "recipient", detail: leerplicht, createdAt: s.createdAt })),
  });

  const thuiszitters = options.thuiszitters ?? Math.ceil(options.cases / 20);
  await db.thuiszitter.createMany({
    data: Array.from({ length: thuiszitters }, (_, i) => ({
      swvId,
      schoolId: schoolIds[i % schoolIds.length] ?? world.schools.A,
      pupilRef: `${30000 + i}`,
      kind: "ingeschreven",
      absentSince: "2026-09-15",
      reportedOn: "2026-10-01",
      periodKey: "2026-Q4",
      offer: "geen",
      opp: false,
      reportedById: ib,
      createdAt: now,
      updatedAt: now,
    })),
  });
  return { ...world, options, schoolIds };
}
