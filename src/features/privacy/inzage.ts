/** Inzage (AVG art. 15): everything Knoop holds about one pupil reference at one school: signals
 * (and their events), cases (participants by role, consent, goals, actions, notes, timeline,
 * meetings and their answers), thuiszitter records (and their events) and the audit entries
 * about all of them. Check-ins are per school, never per pupil: none are included. */
import { createHash } from "node:crypto";
import type { Db } from "../../store/client.ts";
import { namesOf } from "../people/lookup.ts";
import { normalisePupilRef } from "../signals/pupil-ref.ts";

export interface SchoolRef {
  id: string;
  name: string;
  place: string;
  locationCode: string;
}

/** The audit entity id of a pupil: a hash of SWV, school and reference, never the reference. */
export function pupilKey(swvId: string, schoolId: string, ref: string): string {
  return createHash("sha256").update(`${swvId}\n${schoolId}\n${ref}`).digest("hex").slice(0, 32);
}

export type SchoolLookup =
  | { kind: "found"; school: SchoolRef; refWords: string[] }
  | { kind: "ambiguous"; name: string }
  | { kind: "unknown" };

/** Reads `<pupil reference> <school>` from a command's words: the school is the last word(s), a
 * DUO vestigingscode (06XX00), a BRIN with one location (06XX) or the school's name; the words
 * before it are the reference (it may hold spaces: "JB 2015"). */
export async function findSchool(db: Db, swvId: string, words: string[]): Promise<SchoolLookup> {
  const schools = await db.school.findMany({
    where: { swvId },
    select: { id: true, name: true, place: true, locationCode: true, institutionCode: true },
  });
  for (let take = 1; take < words.length; take++) {
    const wanted = words.slice(-take).join(" ").toUpperCase();
    const refWords = words.slice(0, -take);
    const byCode = schools.filter(
      (s) => s.locationCode.toUpperCase() === wanted || s.institutionCode.toUpperCase() === wanted,
    );
    const matches = byCode.length ? byCode : schools.filter((s) => s.name.toUpperCase() === wanted);
    if (matches.length > 1) return { kind: "ambiguous", name: wanted };
    const [school] = matches;
    if (school) return { kind: "found", school, refWords };
  }
  return { kind: "unknown" };
}

/** The ids of the pupil's rows (open and closed; not the ones anonymised already). */
export async function pupilRows(db: Db, swvId: string, schoolId: string, ref: string) {
  const where = { swvId, schoolId, pupilRef: normalisePupilRef(ref), anonymisedAt: null };
  const [signals, cases, thuiszitters] = await Promise.all([
    db.signal.findMany({ where, orderBy: { createdAt: "asc" } }),
    db.case.findMany({ where, orderBy: { createdAt: "asc" } }),
    db.thuiszitter.findMany({ where, orderBy: { createdAt: "asc" } }),
  ]);
  return { signals, cases, thuiszitters };
}

export type PupilRows = Awaited<ReturnType<typeof pupilRows>>;

/** The complete export: JSON-ready, with people's names next to their ids. */
export async function pupilExport(
  db: Db,
  swv: { id: string; code: string },
  school: SchoolRef,
  ref: string,
  now: Date,
) {
  const rows = await pupilRows(db, swv.id, school.id, ref);
  const signalIds = rows.signals.map((s) => s.id);
  const caseIds = rows.cases.map((c) => c.id);
  const tzIds = rows.thuiszitters.map((t) => t.id);
  const inCases = { caseId: { in: caseIds } };
  const [signalEvents, participants, goals, actions, notes, events, meetings, tzEvents] = await Promise.all([
    db.signalEvent.findMany({ where: { signalId: { in: signalIds } }, orderBy: { createdAt: "asc" } }),
    db.caseParticipant.findMany({ where: inCases, orderBy: { addedAt: "asc" } }),
    db.caseGoal.findMany({ where: inCases, orderBy: { createdAt: "asc" } }),
    db.caseAction.findMany({ where: inCases, orderBy: { createdAt: "asc" } }),
    db.caseNote.findMany({ where: inCases, orderBy: { createdAt: "asc" } }),
    db.caseEvent.findMany({ where: inCases, orderBy: { createdAt: "asc" } }),
    db.meeting.findMany({
      where: inCases,
      orderBy: { createdAt: "asc" },
      include: { slots: { orderBy: { startsAt: "asc" }, include: { answers: true } } },
    }),
    db.thuiszitterEvent.findMany({ where: { thuiszitterId: { in: tzIds } }, orderBy: { at: "asc" } }),
  ]);
  const key = pupilKey(swv.id, school.id, normalisePupilRef(ref));
  const audit = await db.auditEntry.findMany({
    where: {
      swvId: swv.id,
      OR: [
        { entity: "signal", entityId: { in: signalIds } },
        { entity: "case", entityId: { in: caseIds } },
        { entity: "thuiszitter", entityId: { in: tzIds } },
        { entity: "pupil", entityId: key },
      ],
    },
    orderBy: { createdAt: "asc" },
  });
  const personIds = [
    ...rows.signals.flatMap((s) => [s.reporterId, s.assigneeId]),
    ...rows.cases.flatMap((c) => [c.regisseurId, c.consentById]),
    ...participants.map((p) => p.personId),
    ...goals.map((g) => g.createdById),
    ...actions.flatMap((a) => [a.ownerId, a.createdById]),
    ...notes.map((n) => n.authorId),
    ...events.map((e) => e.actorId),
    ...meetings.flatMap((m) => [m.proposedById, ...m.slots.flatMap((s) => s.answers.map((a) => a.personId))]),
    ...rows.thuiszitters.map((t) => t.reportedById),
    ...tzEvents.map((e) => e.actorId),
    ...signalEvents.map((e) => e.actorId),
    ...audit.map((a) => a.actorId),
  ].filter((id): id is string => Boolean(id));
  const names = await namesOf(db, personIds);
  const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  const of = <T extends { caseId: string }>(list: T[], caseId: string) =>
    list.filter((x) => x.caseId === caseId);

  return {
    leerling: normalisePupilRef(ref),
    school: { naam: school.name, plaats: school.place, vestigingscode: school.locationCode },
    samenwerkingsverband: swv.code,
    gemaaktOp: now.toISOString(),
    signalen: rows.signals.map((s) => ({
      ...s,
      melder: name(s.reporterId),
      behandelaar: name(s.assigneeId),
      gebeurtenissen: signalEvents
        .filter((e) => e.signalId === s.id)
        .map((e) => ({ type: e.type, detail: e.detail, door: name(e.actorId), op: e.createdAt })),
    })),
    casussen: rows.cases.map((c) => ({
      ...c,
      regisseur: name(c.regisseurId),
      toestemmingVastgelegdDoor: name(c.consentById),
      deelnemers: of(participants, c.id).map((p) => ({
        naam: name(p.personId),
        rol: p.role,
        sinds: p.addedAt,
      })),
      doelen: of(goals, c.id).map((g) => ({ tekst: g.text, door: name(g.createdById), op: g.createdAt })),
      acties: of(actions, c.id).map((a) => ({
        omschrijving: a.description,
        eigenaar: name(a.ownerId),
        deadline: a.dueDate,
        status: a.status,
        gedaanOp: a.doneAt,
      })),
      notities: of(notes, c.id).map((n) => ({ tekst: n.text, door: name(n.authorId), op: n.createdAt })),
      tijdlijn: of(events, c.id).map((e) => ({
        type: e.type,
        samenvatting: e.summary,
        gegevens: e.data,
        door: name(e.actorId),
        op: e.createdAt,
      })),
      overleggen: of(meetings, c.id).map((m) => ({
        status: m.status,
        locatie: m.location,
        voorgesteldDoor: name(m.proposedById),
        op: m.createdAt,
        tijden: m.slots.map((s) => ({
          start: s.startsAt,
          duurMinuten: s.durationMin,
          antwoorden: s.answers.map((a) => ({
            naam: name(a.personId),
            antwoord: a.answer,
            op: a.answeredAt,
          })),
        })),
      })),
    })),
    thuiszitters: rows.thuiszitters.map((t) => ({
      ...t,
      gemeldDoor: name(t.reportedById),
      gebeurtenissen: tzEvents
        .filter((e) => e.thuiszitterId === t.id)
        .map((e) => ({ type: e.type, gegevens: e.data, door: name(e.actorId), op: e.at })),
    })),
    audit: audit.map((a) => ({
      op: a.createdAt,
      wie: a.actorId ? name(a.actorId) : "systeem",
      toegang: a.access,
      onderdeel: a.entity,
      id: a.entityId,
      actie: a.action,
      kanaal: a.surface,
    })),
  };
}

export type PupilExport = Awaited<ReturnType<typeof pupilExport>>;

const csvCell = (v: string) => (/[;"\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

const sectionNames: Record<string, string> = {
  signalen: "Signaal",
  casussen: "Casus",
  thuiszitters: "Thuiszitter",
  audit: "Auditregel",
};

/** Every value of `value` as [path, text] pairs (nested lists and objects by their path). */
function flatten(value: unknown, path: string, out: [string, string][]): void {
  if (value === null || value === undefined || value === "") return;
  if (value instanceof Date) out.push([path, value.toISOString()]);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) flatten(v, `${path}[${i + 1}]`, out);
  else if (typeof value === "object")
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  else out.push([path, String(value)]);
}

/** The same export as a readable CSV (`;`, Dutch headers): one line per fact, per record. */
export function exportCsv(e: PupilExport): string {
  const lines = [["onderdeel", "nummer", "veld", "waarde"].join(";")];
  lines.push(["Leerling", "", "referentie", e.leerling].map(csvCell).join(";"));
  lines.push(
    ["Leerling", "", "school", `${e.school.naam} (${e.school.vestigingscode})`].map(csvCell).join(";"),
  );
  lines.push(["Leerling", "", "gemaakt op", e.gemaaktOp].map(csvCell).join(";"));
  for (const section of ["signalen", "casussen", "thuiszitters", "audit"] as const) {
    e[section].forEach((record, i) => {
      const facts: [string, string][] = [];
      flatten(record, "", facts);
      const label = sectionNames[section] ?? section;
      const number = "code" in record && typeof record.code === "string" ? record.code : String(i + 1);
      for (const [field, value] of facts) lines.push([label, number, field, value].map(csvCell).join(";"));
    });
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
